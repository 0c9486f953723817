using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// A gate run being recorded: its test results go into history as the reports are read, inside one transaction
/// that only <see cref="CommitAsync"/> makes visible (disposing without it leaves nothing). The queries here see
/// this run's results; other readers do not until it commits, so the run is judged against the past only.
/// </summary>
public interface IRunRecording : IAsyncDisposable
{
    RunHeader Header { get; }

    long RunId { get; }

    /// <summary>
    /// Records one test result and returns the id it is kept under: its own, or for the second and later distinct
    /// cases of one id in this run, the id with " #2", " #3"... in the order they came.
    /// </summary>
    string Add(TestRecord test);

    /// <summary>This run's failures that passed in <paramref name="baseRunId"/>, counted, with the first <paramref name="listed"/> by id and their messages.</summary>
    Task<NewFailureReport> FindNewFailuresAsync(long baseRunId, IReadOnlySet<string> quarantined, int listed, CancellationToken cancellationToken);

    /// <summary>The results the flaky analysis needs for this run's tests: see <see cref="IQualityHistory.ReadFlakyCandidatesAsync"/>.</summary>
    IAsyncEnumerable<TestResultRow> ReadFlakyCandidatesAsync(IReadOnlyList<RunSummary> window, IReadOnlyList<RunSummary> sameTree, CancellationToken cancellationToken);

    /// <summary>This run's failing tests that are quarantined, by id.</summary>
    Task<IReadOnlyList<TestRecord>> GetQuarantinedFailuresAsync(CancellationToken cancellationToken);

    /// <summary>Adds the run's coverage and benchmarks and commits it.</summary>
    Task<RunSummary> CommitAsync(CoverageTotals? coverage, IReadOnlyList<BenchmarkResult> benchmarks, CancellationToken cancellationToken);
}
