using System.Runtime.CompilerServices;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Cli.Quality.Remote;

/// <summary>
/// A gate run being recorded in the server's history: its results are held here (the server takes a run whole, in one
/// request no larger than its limit), judged against the recorded runs through queries about the tests that failed,
/// and sent when committed. Until then the server has no part of it, so a gate that stops records nothing. The run
/// has no id before the server gives it one; it counts as newer than every recorded run (<see cref="RunId"/>).
/// </summary>
internal sealed class RemoteRunRecording(RemoteQualityHistory history, RunHeader header) : IRunRecording
{
    private readonly List<HistoryTest> _tests = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);

    // The id that last collided and the ordinal to try next: distinct cases sharing a name usually come together.
    private (string Id, int Next) _lastCollision = ("", 2);
    private bool _committed;

    public RunHeader Header { get; } = header;

    /// <summary>Newer than any recorded run, as the run being judged is; the server numbers it when it is committed.</summary>
    public long RunId => long.MaxValue;

    public string Add(TestRecord test)
    {
        ArgumentNullException.ThrowIfNull(test);
        ObjectDisposedException.ThrowIf(_committed, this);
        var key = test.Id;
        if (_index.ContainsKey(key))
        {
            var ordinal = _lastCollision.Id == test.Id ? _lastCollision.Next : 2;
            while (_index.ContainsKey(key = $"{test.Id} #{ordinal}"))
            {
                ordinal++;
            }

            _lastCollision = (test.Id, ordinal + 1);
        }

        _index[key] = _tests.Count;
        _tests.Add(new HistoryTest(key, test.Outcome.ToString(), test.DurationSeconds, test.Attempts, key == test.Id ? null : test.Id));
        if (test.IsFailure && test.Message is { } message)
        {
            _messages[key] = message;
        }

        return key;
    }

    public async Task<NewFailureReport> FindNewFailuresAsync(long baseRunId, IReadOnlySet<string> quarantined, int listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quarantined);
        var failing = _tests.Where(t => IsFailure(t.Outcome)).Select(t => t.Id).Order(StringComparer.Ordinal).ToList();
        var onBase = await history.ResultsAsync([baseRunId], failing, failingOnly: false, cancellationToken).ConfigureAwait(false);
        var passedOnBase = onBase.Where(r => r.Outcome is nameof(TestOutcome.Passed) or nameof(TestOutcome.Flaky)).Select(r => r.Test).ToHashSet(StringComparer.Ordinal);
        var first = new List<NewFailure>();
        int count = 0, unquarantined = 0;
        foreach (var id in failing.Where(passedOnBase.Contains))
        {
            count++;
            unquarantined += quarantined.Contains(id) ? 0 : 1;
            if (first.Count < listed)
            {
                first.Add(new NewFailure(id, _messages.GetValueOrDefault(id)));
            }
        }

        return new NewFailureReport(count, unquarantined, first);
    }

    public async IAsyncEnumerable<TestResultRow> ReadFlakyCandidatesAsync(IReadOnlyList<RunSummary> window, IReadOnlyList<RunSummary> sameTree, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var runs = RemoteQualityHistory.AnalysisRuns(window, sameTree);

        // Candidates: this run's tests that failed (or passed only on retry) now or in one of the runs looked at.
        var failedBefore = await history.ResultsAsync([.. runs.Keys], null, failingOnly: true, cancellationToken).ConfigureAwait(false);
        var candidates = failedBefore.Select(r => r.Test).Where(_index.ContainsKey)
            .Concat(_tests.Where(t => IsFailure(t.Outcome) || t.Outcome == nameof(TestOutcome.Flaky)).Select(t => t.Id))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var earlier = (await history.ResultsAsync([.. runs.Keys], candidates, failingOnly: false, cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.Test, StringComparer.Ordinal);
        foreach (var id in candidates)
        {
            var now = _tests[_index[id]];
            yield return new TestResultRow(id, RunId, Header.TreeHash, RemoteQualityHistory.Outcome(now.Outcome), now.Attempts, InWindow: true);
            foreach (var row in earlier[id])
            {
                yield return RemoteQualityHistory.Row(row, runs);
            }
        }
    }

    public async Task<IReadOnlyList<TestRecord>> GetQuarantinedFailuresAsync(CancellationToken cancellationToken)
    {
        var quarantine = (await history.GetQuarantineAsync(cancellationToken).ConfigureAwait(false)).Select(q => q.TestId).ToHashSet(StringComparer.Ordinal);
        return [.. _tests
            .Where(t => IsFailure(t.Outcome) && quarantine.Contains(t.Id))
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => new TestRecord(t.Id, RemoteQualityHistory.Outcome(t.Outcome), t.DurationSeconds, t.Attempts))];
    }

    public async Task<RunSummary> CommitAsync(CoverageTotals? coverage, IReadOnlyList<BenchmarkResult> benchmarks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        ObjectDisposedException.ThrowIf(_committed, this);
        if (benchmarks.GroupBy(b => b.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"The run lists benchmark '{twice.Key}' twice; give each benchmark a unique name.");
        }

        var upload = new HistoryRunUpload(
            Header.CommitSha,
            Header.TreeHash,
            Header.Branch,
            Header.BaseBranch,
            _tests,
            coverage is null ? null : new HistoryCoverage(coverage.LinesCovered, coverage.LinesValid, coverage.BranchesCovered, coverage.BranchesValid),
            [.. benchmarks.Select(b => new HistoryBenchmark(b.Name, b.MeanNs, b.StdDevNs, b.Samples))]);
        var run = await history.UploadAsync(upload, cancellationToken).ConfigureAwait(false);
        _committed = true;
        return run;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsFailure(string outcome) => outcome is nameof(TestOutcome.Failed) or nameof(TestOutcome.Errored);
}
