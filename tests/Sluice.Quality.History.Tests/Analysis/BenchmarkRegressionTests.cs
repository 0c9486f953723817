namespace Sluice.Quality.History.Tests;

public sealed class BenchmarkRegressionTests
{
    // Mean 100, sample standard deviation √2.5; upper = 100 + t(0.99, 4) · √2.5 · √1.2 = 100 + 3.7469 · 1.5811 · 1.0954 = 106.490.
    private static readonly double[] Baseline = [100, 102, 98, 101, 99];
    private const double ExpectedUpper = 106.490;

    private static readonly BenchmarkOptions Defaults = new();

    [Fact]
    public void A_value_above_the_prediction_interval_is_a_regression()
    {
        var verdict = BenchmarkRegression.Evaluate("Parse", 107, Baseline, Defaults);

        Assert.Equal(BenchmarkStatus.Regressed, verdict.Status);
        Assert.Equal(100, verdict.BaselineMean!.Value, 1e-9);
        Assert.Equal(ExpectedUpper, verdict.UpperBound!.Value, 0.001);
        Assert.Equal(5, verdict.SampleCount);
        Assert.Equal(0.07, verdict.RelativeChange!.Value, 1e-9);
    }

    [Fact]
    public void A_value_inside_the_interval_passes()
    {
        var verdict = BenchmarkRegression.Evaluate("Parse", 106, Baseline, Defaults);

        Assert.Equal(BenchmarkStatus.Passed, verdict.Status);
        Assert.Equal(0.06, verdict.RelativeChange!.Value, 1e-9);
    }

    [Fact]
    public void Getting_faster_is_never_a_regression()
    {
        Assert.Equal(BenchmarkStatus.Passed, BenchmarkRegression.Evaluate("Parse", 10, Baseline, Defaults).Status);
    }

    [Fact]
    public void One_past_measurement_is_inconclusive()
    {
        var verdict = BenchmarkRegression.Evaluate("Parse", 500, [100], Defaults);

        Assert.Equal(new BenchmarkVerdict("Parse", BenchmarkStatus.Inconclusive, 500, 100, null, 1, 4), verdict);
    }

    [Fact]
    public void No_past_measurement_is_inconclusive()
    {
        Assert.Equal(new BenchmarkVerdict("Parse", BenchmarkStatus.Inconclusive, 500, null, null, 0, null), BenchmarkRegression.Evaluate("Parse", 500, [], Defaults));
    }

    [Fact]
    public void A_minimum_relative_change_silences_a_significant_but_small_slowdown()
    {
        double[] tight = [100, 100.1, 99.9, 100, 100];

        Assert.Equal(BenchmarkStatus.Regressed, BenchmarkRegression.Evaluate("Parse", 102, tight, Defaults).Status);
        Assert.Equal(BenchmarkStatus.Passed, BenchmarkRegression.Evaluate("Parse", 102, tight, Defaults with { MinRelativeChange = 0.05 }).Status);
        Assert.Equal(BenchmarkStatus.Regressed, BenchmarkRegression.Evaluate("Parse", 106, tight, Defaults with { MinRelativeChange = 0.05 }).Status);
    }

    [Fact]
    public void Only_the_newest_sample_count_measurements_form_the_baseline()
    {
        // Newest first: the two newest are 100 and 102; the old 10 000 is outside a baseline of two.
        var verdict = BenchmarkRegression.Evaluate("Parse", 150, [100, 102, 10_000], Defaults with { SampleCount = 2 });

        Assert.Equal(2, verdict.SampleCount);
        Assert.Equal(101, verdict.BaselineMean!.Value, 1e-9);

        // upper = 101 + 31.821 · √2 · √1.5 = 156.12
        Assert.Equal(156.12, verdict.UpperBound!.Value, 0.01);
        Assert.Equal(BenchmarkStatus.Passed, verdict.Status);
    }

    [Fact]
    public void Options_name_the_setting_to_fix()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BenchmarkOptions { Confidence = 1.5 }.Validate());

        Assert.Contains("benchmarks.confidence", error.Message);
    }
}
