namespace Sluice.Quality.History.Tests;

public sealed class StudentTTests
{
    [Theory]
    [InlineData(0.99, 1, 31.821)]
    [InlineData(0.99, 2, 6.965)]
    [InlineData(0.99, 4, 3.747)]
    [InlineData(0.99, 10, 2.764)]
    [InlineData(0.99, 30, 2.457)]
    [InlineData(0.99, 63, 2.387)]
    [InlineData(0.975, 5, 2.571)]
    [InlineData(0.95, 1, 6.314)]
    [InlineData(0.95, 30, 1.697)]
    [InlineData(0.999, 10, 4.144)]
    public void Quantiles_match_the_published_table(double probability, int degreesOfFreedom, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile(probability, degreesOfFreedom), 0.0005);
    }

    [Fact]
    public void With_very_many_degrees_of_freedom_the_quantile_approaches_the_normal_one()
    {
        Assert.Equal(2.3263, StudentT.Quantile(0.99, 1_000_000), 0.0001);
    }

    [Theory]
    [InlineData(0.9, 3)]
    [InlineData(0.99, 7)]
    [InlineData(0.6, 63)]
    [InlineData(0.9999, 2)]
    public void The_cdf_of_a_quantile_is_the_probability(double probability, int degreesOfFreedom)
    {
        Assert.Equal(probability, StudentT.Cdf(StudentT.Quantile(probability, degreesOfFreedom), degreesOfFreedom), 1e-9);
    }

    [Fact]
    public void The_distribution_is_symmetric_about_zero()
    {
        Assert.Equal(0.5, StudentT.Cdf(0, 5), 1e-12);
        Assert.Equal(0, StudentT.Quantile(0.5, 5), 1e-9);
        Assert.Equal(-StudentT.Quantile(0.99, 10), StudentT.Quantile(0.01, 10), 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_probability_outside_zero_to_one_is_refused(double probability)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(probability, 5));
    }
}
