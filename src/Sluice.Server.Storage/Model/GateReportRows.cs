using Sluice.Quality.Reports;

namespace Sluice.Server.Storage;

/// <summary>
/// What <c>sluice gate</c> judged in one job attempt, as the JSON document it uploaded (the store keeps it as text and
/// does not read it), with the quality run the attempt recorded when it did.
/// </summary>
public sealed record GateReportRow(long JobId, int Attempt, long RunId, long? QualityRunId, DateTimeOffset RecordedAt, string Document);

/// <summary>One test's result in a quality run that a job attempt of a Sluice run recorded.</summary>
public sealed record RunQualityTestRow(long QualityRunId, long JobId, int Attempt, QualityTestRow Test);

/// <summary>One recorded result of one test, with the run it was recorded in and the Sluice run that recorded it (when a job did).</summary>
public sealed record TestHistoryRow(long QualityRunId, long? RunId, string CommitSha, string Branch, DateTimeOffset RecordedAt, TestOutcome Outcome, double DurationSeconds, int Attempts);

/// <summary>One recorded measurement of a benchmark, with the run it was recorded in and the Sluice run that recorded it (when a job did).</summary>
public sealed record BenchmarkHistoryRow(string Name, long QualityRunId, long? RunId, string CommitSha, DateTimeOffset RecordedAt, double MeanNs, double StdDevNs, int Samples);
