namespace Sluice.Quality.History;

/// <summary>What history says about one gate run.</summary>
public sealed record HistoryReport(IReadOnlyList<NewFailure> NewFailures, FlakyReport Flaky, IReadOnlyList<BenchmarkVerdict> Benchmarks);
