namespace Sluice.Quality.History;

/// <summary>
/// The quality history of one repository: gate runs with their tests, coverage and benchmarks, and the quarantine
/// list. Every provider (SQLite for the CLI, PostgreSQL for the server) passes the same compliance suite.
/// Lists of runs come newest first.
/// </summary>
public interface IQualityHistory
{
    /// <summary>Records a whole run atomically: either all of it is visible afterwards, or none of it.</summary>
    Task<RunSummary> RecordRunAsync(GateRunRecord run, CancellationToken cancellationToken);

    /// <summary>
    /// Starts recording a run whose tests arrive one at a time, as a gate reads its reports; nothing is visible
    /// until <see cref="IRunRecording.CommitAsync"/>. Holds the store's write lock until then.
    /// </summary>
    Task<IRunRecording> BeginRunAsync(RunHeader header, CancellationToken cancellationToken);

    Task<RunSummary?> GetLatestRunAsync(string branch, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="count"/> runs on a branch, newest first.</summary>
    Task<IReadOnlyList<RunSummary>> GetRunsAsync(string branch, int count, CancellationToken cancellationToken);

    /// <summary>The test results of one run; empty for a run that does not exist.</summary>
    Task<IReadOnlyList<TestRecord>> GetTestResultsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Every run of one tree, on any branch, newest first.</summary>
    Task<IReadOnlyList<RunSummary>> GetRunsForTreeAsync(string treeHash, CancellationToken cancellationToken);

    /// <summary>
    /// What the flaky analysis needs to judge <paramref name="current"/>: for each of its tests that failed (or
    /// passed only on retry) in it, in <paramref name="window"/> or in <paramref name="sameTree"/>, that test's results
    /// in those runs, grouped by test id. Tests that only ever passed are left out.
    /// </summary>
    IAsyncEnumerable<TestResultRow> ReadFlakyCandidatesAsync(RunSummary current, IReadOnlyList<RunSummary> window, IReadOnlyList<RunSummary> sameTree, CancellationToken cancellationToken);

    /// <summary>
    /// The latest <paramref name="count"/> measurements of a benchmark on a branch, newest first. A branch starts
    /// from its base branch's history: while it has fewer than <paramref name="count"/> of its own, the base
    /// branch's latest fill the rest.
    /// </summary>
    Task<IReadOnlyList<BenchmarkPoint>> GetBenchmarkSeriesAsync(string name, string branch, string? baseBranch, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Per test id, the duration in seconds from the latest run that ran it (skips excluded); any branch when null.
    /// Distinct cases kept under one id (" #2"...) add up, as running the id runs them all.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> GetLatestDurationsAsync(string? branch, CancellationToken cancellationToken);

    /// <summary>Quarantines a test, or updates the reason and who of one already there.</summary>
    Task<QuarantineEntry> QuarantineAsync(string testId, string reason, string addedBy, CancellationToken cancellationToken);

    /// <summary>Releases a test from quarantine; false when it was not there.</summary>
    Task<bool> ReleaseAsync(string testId, CancellationToken cancellationToken);

    /// <summary>The quarantine list, ordered by test id.</summary>
    Task<IReadOnlyList<QuarantineEntry>> GetQuarantineAsync(CancellationToken cancellationToken);
}
