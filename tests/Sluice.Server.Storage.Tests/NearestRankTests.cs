namespace Sluice.Server.Storage.Tests;

/// <summary>Percentiles by nearest rank: the value at rank ceil(p * n / 100) of the sorted values, exact in integers.</summary>
public sealed class NearestRankTests
{
    [Theory]
    [InlineData(1, 50, 1)]
    [InlineData(1, 95, 1)]
    [InlineData(2, 50, 1)]
    [InlineData(2, 95, 2)]
    [InlineData(4, 50, 2)]
    [InlineData(4, 95, 4)]
    [InlineData(20, 95, 19)]
    [InlineData(21, 95, 20)]
    [InlineData(100, 50, 50)]
    [InlineData(100, 95, 95)]
    [InlineData(101, 50, 51)]
    [InlineData(101, 100, 101)]
    [InlineData(7, 1, 1)]
    public void The_percentile_is_the_value_at_the_nearest_rank(int count, int percent, int rank)
    {
        var sorted = Enumerable.Range(1, count).Select(i => (double)i).ToList();

        Assert.Equal(rank, NearestRank.Of(sorted, percent));
    }

    [Fact]
    public void Nothing_has_no_percentile_and_a_percent_outside_1_to_100_is_a_programming_error()
    {
        Assert.Null(NearestRank.Of([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.Of([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.Of([1.0], 101));
    }
}
