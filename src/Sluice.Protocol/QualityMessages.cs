using System.Text.Json.Serialization;

namespace Sluice.Protocol;

/// <summary>
/// What <c>sluice gate</c> judged in a job attempt, as it uploads it (POST …/history/report): the verdict and its
/// conditions, the test counts, coverage, patch coverage with the changed lines covered and missed, the new failures
/// (the first ones and how many), the flaky tests and the benchmarks as the analysis judged them.
/// <see cref="HistoryRun"/> is the quality run the attempt recorded, when it recorded one.
/// </summary>
public record GateReportUpload
{
    public long? HistoryRun { get; init; }

    public string CommitSha { get; init; } = null!;

    public string Branch { get; init; } = null!;

    public string? BaseBranch { get; init; }

    public string Verdict { get; init; } = null!;

    public IReadOnlyList<GateConditionView> Conditions { get; init; } = null!;

    public GateTestCounts Tests { get; init; } = null!;

    public GateCoverageView? Coverage { get; init; }

    public GatePatchView? Patch { get; init; }

    public IReadOnlyList<GateNewFailureView> NewFailures { get; init; } = null!;

    public int NewFailureCount { get; init; }

    public IReadOnlyList<GateFlakyView> Flaky { get; init; } = null!;

    public IReadOnlyList<GateBenchmarkView> Benchmarks { get; init; } = null!;
}

/// <summary>One gate condition as judged: <see cref="Outcome"/> is <c>passed</c>, <c>failed</c> or <c>inconclusive</c>.</summary>
public sealed record GateConditionView(string Name, string Expression, string Outcome, string Measured, string Threshold, string? Reason);

public sealed record GateTestCounts(int Total, int Passed, int Failed, int Errored, int Skipped, int Flaky, double DurationSeconds);

/// <summary>Coverage totals; the branch counts are left out when the reports had no branch data.</summary>
public sealed record GateCoverageView(long LinesCovered, long LinesValid, long? BranchesCovered, long? BranchesValid);

/// <summary>Coverage of the lines the change adds, with each file's changed lines covered and missed.</summary>
public sealed record GatePatchView(int CoverableLines, int CoveredLines, IReadOnlyList<GatePatchFileView> Files);

public sealed record GatePatchFileView(string Path, IReadOnlyList<int> CoveredLines, IReadOnlyList<int> MissedLines);

public sealed record GateNewFailureView(string Test, string? Message);

/// <summary>A test the analysis believes flaky: <see cref="FailureRate"/> (0..1) over its <see cref="Runs"/> runs in the window.</summary>
public sealed record GateFlakyView(string Test, double FailureRate, int Runs, string Signals, bool Quarantined);

/// <summary>A benchmark as judged against its baseline; <see cref="Status"/> is <c>passed</c>, <c>regressed</c> or <c>inconclusive</c>.</summary>
public sealed record GateBenchmarkView(string Name, double CurrentNs, double? BaselineMeanNs, double? UpperBoundNs, double? RelativeChange, int Samples, string Status);

/// <summary>
/// A job's gate report on its run: the upload of the job's latest attempt that sent one, with the job it belongs to.
/// <see cref="GateReportUpload.HistoryRun"/> is the quality run the attempt recorded, as the server checked it.
/// </summary>
public sealed record GateReportView : GateReportUpload
{
    [JsonConstructor]
    public GateReportView()
    {
    }

    public GateReportView(GateReportUpload report)
        : base(report)
    {
    }

    /// <summary>The job's key.</summary>
    public string Job { get; init; } = null!;

    public string JobName { get; init; } = null!;

    public int Attempt { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>GET /api/v1/runs/{id}/quality: one report per job of the run that uploaded one, by job key.</summary>
public sealed record RunQualityView(IReadOnlyList<GateReportView> Reports);

/// <summary>One test of a run, as its jobs' gates recorded it.</summary>
public sealed record RunTestView(string Test, string? Name, string Outcome, double DurationSeconds, int Attempts, string Job, bool NewFailure, bool Flaky, bool Quarantined);

/// <summary>A page of a run's tests, failures first, and how many there are in all.</summary>
public sealed record RunTestsView(int Total, IReadOnlyList<RunTestView> Tests);

/// <summary>A test's recent results in a repository, newest first, and its quarantine when it is quarantined.</summary>
public sealed record TestHistoryView(string Test, TestQuarantineView? Quarantine, IReadOnlyList<TestHistoryPointView> Points);

public sealed record TestQuarantineView(string Reason, string AddedBy, DateTimeOffset AddedAt);

/// <summary>One recorded result; <see cref="Run"/> is the Sluice run whose job recorded it, when one did.</summary>
public sealed record TestHistoryPointView(long HistoryRun, long? Run, string CommitSha, string Branch, DateTimeOffset RecordedAt, string Outcome, double DurationSeconds, int Attempts);

/// <summary>PUT /api/v1/repos/{name}/quarantine?test=ID: why the test is quarantined (who is the caller).</summary>
public sealed record QuarantineRequest(string Reason);

/// <summary>A benchmark's measurements on a branch, oldest first.</summary>
public sealed record BenchmarkSeriesView(string Name, IReadOnlyList<BenchmarkSeriesPointView> Points);

/// <summary>
/// One measurement, with the band the gate's analysis computes from the measurements before it (null when too few)
/// and whether it fell above the band (a regression).
/// </summary>
public sealed record BenchmarkSeriesPointView(long HistoryRun, long? Run, string CommitSha, DateTimeOffset RecordedAt, double MeanNs, double StdDevNs, int Samples, double? BaselineMeanNs, double? UpperBoundNs, bool Regressed);
