namespace Sluice.Server.Storage;

/// <summary>
/// Which figures of a repository to read: the UTC days <see cref="From"/> to <see cref="To"/>, both included, narrowed
/// to a branch and a workflow as <see cref="RunQuery"/> narrows a list of runs.
/// </summary>
/// <param name="Branch">A branch name (<c>main</c>, matching the ref <c>refs/heads/main</c>) or a whole ref; quality runs record branch names.</param>
/// <param name="Workflow">The workflow's name, file or file name; quality runs record no workflow, so it narrows runs and jobs only.</param>
public sealed record InsightsQuery(DateOnly From, DateOnly To, string? Branch = null, string? Workflow = null);

/// <summary>A repository's figures over a period: one entry per day of it, oldest first, and its slowest and most failing tests.</summary>
public sealed record RepositoryInsights(IReadOnlyList<DayInsights> Days, IReadOnlyList<SlowTest> SlowestTests, IReadOnlyList<FailingTest> MostFailingTests);

/// <summary>
/// One UTC day: the runs created that day and how the completed ones ended, their durations (created to completed),
/// how long the jobs queued that day waited for an agent, and the quality runs recorded that day. A percentile or rate
/// of nothing is null.
/// </summary>
public sealed record DayInsights(
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

/// <summary>A test's mean duration over the results it had in the period (skips left out), and how many results that is.</summary>
public sealed record SlowTest(string Test, double DurationSeconds, int Runs);

/// <summary>A test's failures (failed or errored) among the results it had in the period (skips left out).</summary>
public sealed record FailingTest(string Test, int Failures, int Runs, double FailureRate);
