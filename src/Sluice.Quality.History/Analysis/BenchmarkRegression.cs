namespace Sluice.Quality.History;

/// <summary>
/// Judges a benchmark by a one-sided Student-t prediction interval over its baseline means: a new value above
/// mean + t(confidence, n-1) · s · √(1 + 1/n) is unlikely to come from the same distribution, so it is a regression.
/// </summary>
public static class BenchmarkRegression
{
    /// <param name="baselineMeans">Past means, newest first; only the first <see cref="BenchmarkOptions.SampleCount"/> are used.</param>
    public static BenchmarkVerdict Evaluate(string name, double current, IReadOnlyList<double> baselineMeans, BenchmarkOptions options)
    {
        var samples = baselineMeans.Take(options.SampleCount).ToArray();
        var n = samples.Length;
        if (n < 2)
        {
            double? only = n == 1 ? samples[0] : null;
            return new BenchmarkVerdict(name, BenchmarkStatus.Inconclusive, current, only, null, n, RelativeChange(current, only));
        }

        var mean = samples.Average();
        var variance = samples.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        var upper = mean + (StudentT.Quantile(options.Confidence, n - 1) * Math.Sqrt(variance) * Math.Sqrt(1 + (1.0 / n)));
        var change = RelativeChange(current, mean);
        var regressed = current > upper && (change is not { } c || c >= options.MinRelativeChange);
        return new BenchmarkVerdict(name, regressed ? BenchmarkStatus.Regressed : BenchmarkStatus.Passed, current, mean, upper, n, change);
    }

    private static double? RelativeChange(double current, double? mean) =>
        mean is { } m && m != 0 ? (current - m) / m : null;
}
