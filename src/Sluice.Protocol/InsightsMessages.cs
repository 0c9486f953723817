namespace Sluice.Protocol;

/// <summary>
/// A repository's figures over the UTC days <see cref="From"/> to <see cref="To"/> (both included, ending today):
/// one entry per day, oldest first, every day present; and over the whole period its slowest and most failing tests.
/// </summary>
public sealed record InsightsView(DateOnly From, DateOnly To, IReadOnlyList<InsightsDayView> Days, IReadOnlyList<SlowTestView> SlowestTests, IReadOnlyList<FailingTestView> MostFailingTests);

/// <summary>
/// One UTC day: the runs created that day and how the completed ones concluded, the 50th and 95th percentiles (nearest
/// rank) of their durations (created to completed) and of the waits of the jobs queued that day (queued to started),
/// and the quality runs recorded that day with those that had a flaky test. A rate or percentile of nothing is left out.
/// </summary>
/// <param name="SuccessRate">Succeeded runs over completed runs, 0 to 1.</param>
/// <param name="FlakyRate">Flaky quality runs over quality runs, 0 to 1.</param>
public sealed record InsightsDayView(
    DateOnly Day,
    int Runs,
    int Succeeded,
    int Failed,
    int Cancelled,
    double? SuccessRate,
    double? DurationP50Seconds,
    double? DurationP95Seconds,
    double? QueueWaitP50Seconds,
    double? QueueWaitP95Seconds,
    int QualityRuns,
    int FlakyRuns,
    double? FlakyRate);

/// <summary>A test's mean duration over its results in the period (skips left out), and how many results that is.</summary>
public sealed record SlowTestView(string Test, double DurationSeconds, int Runs);

/// <summary>A test's failures (failed or errored) among its results in the period (skips left out), and their share, 0 to 1.</summary>
public sealed record FailingTestView(string Test, int Failures, int Runs, double FailureRate);
