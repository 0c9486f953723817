namespace Sluice.Quality.History;

public enum BenchmarkStatus
{
    Passed,
    Regressed,

    /// <summary>Too little history (fewer than two measurements) to judge.</summary>
    Inconclusive,
}

/// <summary>
/// One benchmark judged against its baseline. <see cref="RelativeChange"/> is (current - mean) / mean, e.g. 0.12 for
/// 12% slower; null without a baseline or with a zero mean.
/// </summary>
public sealed record BenchmarkVerdict(
    string Name,
    BenchmarkStatus Status,
    double Current,
    double? BaselineMean,
    double? UpperBound,
    int SampleCount,
    double? RelativeChange);
