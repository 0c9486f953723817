namespace Sluice.Protocol;

/// <summary>A gate run in the quality history of the job's repository. Ids grow in the order runs were recorded.</summary>
public sealed record HistoryRunView(long Id, string CommitSha, string TreeHash, string Branch, string? BaseBranch, DateTimeOffset RecordedAt, HistoryCoverage? Coverage);

/// <summary>Coverage of a whole gate run: lines covered of coverable lines, branches covered of branches.</summary>
public sealed record HistoryCoverage(long LinesCovered, long LinesValid, long BranchesCovered, long BranchesValid);

/// <summary>
/// A gate run to record, whole. <see cref="HistoryTest.Id"/> is the id the test is kept under; <see cref="HistoryTest.Name"/>
/// the test's own id when the run had several distinct cases of it (the second is kept as "name #2").
/// </summary>
public sealed record HistoryRunUpload(
    string CommitSha,
    string TreeHash,
    string Branch,
    string? BaseBranch,
    IReadOnlyList<HistoryTest> Tests,
    HistoryCoverage? Coverage,
    IReadOnlyList<HistoryBenchmark> Benchmarks);

/// <summary>One test's result in a gate run. <see cref="Outcome"/>: <c>Passed</c>, <c>Failed</c>, <c>Errored</c>, <c>Skipped</c> or <c>Flaky</c> (passed after a failed attempt).</summary>
public sealed record HistoryTest(string Id, string Outcome, double DurationSeconds, int Attempts, string? Name = null);

public sealed record HistoryBenchmark(string Name, double MeanNs, double StdDevNs, int Samples);

/// <summary>Which recorded results to read: those of the runs named, of the tests named (all when null), only the failing ones (failed, errored, flaky) when asked.</summary>
public sealed record HistoryResultsQuery(IReadOnlyList<long> Runs, IReadOnlyList<string>? Tests, bool FailingOnly);

/// <summary>One recorded result of one test in one gate run.</summary>
public sealed record HistoryResult(long Run, string Test, string Outcome, double DurationSeconds, int Attempts);

/// <summary>One recorded measurement of a benchmark.</summary>
public sealed record HistoryBenchmarkPoint(long Run, string Branch, double MeanNs, double StdDevNs, int Samples);

/// <summary>A test's latest recorded duration (for <c>sluice split</c>).</summary>
public sealed record HistoryDuration(string Test, double Seconds);

/// <summary>A test that still runs but no longer fails the gate.</summary>
public sealed record HistoryQuarantineEntry(string Test, string Reason, string AddedBy, DateTimeOffset AddedAt);

public sealed record HistoryQuarantineRequest(string Reason, string AddedBy);

/// <summary>What one step of a job attempt wrote to <c>$GITHUB_STEP_SUMMARY</c> (Markdown), in the order the steps ran.</summary>
public sealed record StepSummaryView(string Job, int Attempt, int Step, string Markdown, string? Html = null);
