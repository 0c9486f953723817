namespace Sluice.Quality.History;

/// <summary>
/// What history says about one gate run. <see cref="BaseRun"/> is the base branch's latest recorded run the new
/// failures were found against; null when there is none, and then "no new failures" means nothing.
/// </summary>
public sealed record HistoryReport(NewFailureReport NewFailures, FlakyReport Flaky, IReadOnlyList<BenchmarkVerdict> Benchmarks, RunSummary? BaseRun = null);
