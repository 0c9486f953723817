using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Server.Storage;

/// <summary>
/// One test's result in a gate run as it is recorded: <see cref="Id"/> is the id it is kept under, and
/// <see cref="Name"/> the test's own id when that differs (the second case of one name in a run is kept as "name #2").
/// </summary>
public sealed record QualityTestRow(string Id, string? Name, TestOutcome Outcome, double DurationSeconds, int Attempts);

/// <summary>A whole gate run of a repository, recorded at once; <see cref="Origin"/> is the job attempt that recorded it, when a job did.</summary>
public sealed record NewQualityRun(RunHeader Header, IReadOnlyList<QualityTestRow> Tests, CoverageTotals? Coverage, IReadOnlyList<BenchmarkResult> Benchmarks, QualityRunOrigin? Origin = null);

/// <summary>The Sluice run, job and attempt whose <c>sluice gate</c> recorded a quality run.</summary>
public sealed record QualityRunOrigin(long RunId, long JobId, int Attempt);

/// <summary>One recorded result of one test in one gate run.</summary>
public sealed record QualityResultRow(long RunId, string TestId, TestOutcome Outcome, double DurationSeconds, int Attempts);

/// <summary>Which of a repository's recorded results to read: those of <see cref="RunIds"/>, of the tests named, or only the failing ones (failed, errored or flaky).</summary>
public sealed record QualityResultQuery(IReadOnlyList<long> RunIds, IReadOnlyList<string>? TestIds, bool FailingOnly);

/// <summary>What one step of a job attempt wrote to <c>$GITHUB_STEP_SUMMARY</c>, in the order the steps ran.</summary>
public sealed record JobSummaryRow(long JobId, string JobKey, int Attempt, int Seq, string Text);
