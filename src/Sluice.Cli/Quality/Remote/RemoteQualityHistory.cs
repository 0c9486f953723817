using System.Runtime.CompilerServices;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Cli.Quality.Remote;

/// <summary>
/// The quality history a Sluice server keeps for the repository of the job this runs in, reached through the job's
/// history routes under its lease token (<see cref="HistoryEnvironment"/>). The analyses are the same as with the local
/// file: only the store differs. A run being recorded is held here and sent whole when it is committed.
/// </summary>
internal sealed class RemoteQualityHistory : IQualityHistory, IDisposable
{
    /// <summary>How many ids one results query carries (the server takes up to 200,000).</summary>
    internal const int IdsPerQuery = 50_000;

    private readonly ApiClient _client;

    public RemoteQualityHistory(string url, string token)
    {
        _client = new ApiClient(url, token);
        Location = _client.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>Where the history is, for messages (the URL; the token is not part of it).</summary>
    public string Location { get; }

    /// <summary>The server's history when the job's agent said where it is, else null.</summary>
    public static RemoteQualityHistory? FromEnvironment() =>
        Configured ? new RemoteQualityHistory(Environment.GetEnvironmentVariable(HistoryEnvironment.Url)!, Environment.GetEnvironmentVariable(HistoryEnvironment.Token)!) : null;

    /// <summary>Both variables are set: the job runs on a Sluice agent, whose server keeps the history.</summary>
    public static bool Configured =>
        Environment.GetEnvironmentVariable(HistoryEnvironment.Url) is { Length: > 0 } && Environment.GetEnvironmentVariable(HistoryEnvironment.Token) is { Length: > 0 };

    public async Task<RunSummary> RecordRunAsync(GateRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var recording = await BeginRunAsync(run.Header, cancellationToken).ConfigureAwait(false);
        foreach (var test in run.Tests)
        {
            recording.Add(test);
        }

        return await recording.CommitAsync(run.Coverage, run.Benchmarks, cancellationToken).ConfigureAwait(false);
    }

    public Task<IRunRecording> BeginRunAsync(RunHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Validate();
        return Task.FromResult<IRunRecording>(new RemoteRunRecording(this, header));
    }

    public async Task<RunSummary?> GetLatestRunAsync(string branch, CancellationToken cancellationToken) =>
        await GetRunsAsync(branch, 1, cancellationToken).ConfigureAwait(false) is [var latest] ? latest : null;

    public Task<IReadOnlyList<RunSummary>> GetRunsAsync(string branch, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return RunsAsync($"runs?branch={Uri.EscapeDataString(branch)}&limit={count}", cancellationToken);
    }

    public Task<IReadOnlyList<RunSummary>> GetRunsForTreeAsync(string treeHash, CancellationToken cancellationToken) =>
        RunsAsync($"runs?tree={Uri.EscapeDataString(treeHash)}&limit=1000", cancellationToken);

    public async Task<IReadOnlyList<TestRecord>> GetTestResultsAsync(long runId, CancellationToken cancellationToken) =>
        [.. (await ResultsAsync([runId], null, failingOnly: false, cancellationToken).ConfigureAwait(false)).Select(r => new TestRecord(r.Test, Outcome(r.Outcome), r.DurationSeconds, r.Attempts))];

    public async IAsyncEnumerable<TestResultRow> ReadFlakyCandidatesAsync(RunSummary current, IReadOnlyList<RunSummary> window, IReadOnlyList<RunSummary> sameTree, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        var runs = AnalysisRuns([current, .. window], sameTree);
        var failing = await ResultsAsync([.. runs.Keys], null, failingOnly: true, cancellationToken).ConfigureAwait(false);
        var candidates = failing.Select(r => r.Test).Distinct(StringComparer.Ordinal).ToList();
        var rows = await ResultsAsync([.. runs.Keys], candidates, failingOnly: false, cancellationToken).ConfigureAwait(false);
        foreach (var group in rows.GroupBy(r => r.Test, StringComparer.Ordinal).Where(g => g.Any(r => r.Run == current.Id)))
        {
            foreach (var row in group)
            {
                yield return Row(row, runs);
            }
        }
    }

    public async Task<IReadOnlyList<BenchmarkPoint>> GetBenchmarkSeriesAsync(string name, string branch, string? baseBranch, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var series = await SeriesAsync(name, branch, count, cancellationToken).ConfigureAwait(false);
        if (series.Count < count && baseBranch is not null && baseBranch != branch)
        {
            series.AddRange(await SeriesAsync(name, baseBranch, count - series.Count, cancellationToken).ConfigureAwait(false));
        }

        return series;
    }

    public async Task<IReadOnlyDictionary<string, double>> GetLatestDurationsAsync(string? branch, CancellationToken cancellationToken)
    {
        var durations = await _client.GetAsync(branch is null ? "durations" : $"durations?branch={Uri.EscapeDataString(branch)}", ProtocolJson.Default.IReadOnlyListHistoryDuration, cancellationToken).ConfigureAwait(false) ?? [];
        return durations.ToDictionary(d => d.Test, d => d.Seconds, StringComparer.Ordinal);
    }

    public async Task<QuarantineEntry> QuarantineAsync(string testId, string reason, string addedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(testId);
        var entry = await _client.SendAsync(HttpMethod.Put, "quarantine?test=" + Uri.EscapeDataString(testId), new HistoryQuarantineRequest(reason, addedBy), ProtocolJson.Default.HistoryQuarantineRequest, ProtocolJson.Default.HistoryQuarantineEntry, cancellationToken).ConfigureAwait(false);
        return Entry(entry!);
    }

    public async Task<bool> ReleaseAsync(string testId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.SendAsync<HistoryQuarantineRequest, HistoryQuarantineEntry>(HttpMethod.Delete, "quarantine?test=" + Uri.EscapeDataString(testId), null, ProtocolJson.Default.HistoryQuarantineRequest, ProtocolJson.Default.HistoryQuarantineEntry, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<QuarantineEntry>> GetQuarantineAsync(CancellationToken cancellationToken) =>
        [.. (await _client.GetAsync("quarantine", ProtocolJson.Default.IReadOnlyListHistoryQuarantineEntry, cancellationToken).ConfigureAwait(false) ?? []).Select(Entry)];

    public void Dispose() => _client.Dispose();

    /// <summary>Records a whole run; the server gives it its id.</summary>
    internal async Task<RunSummary> UploadAsync(HistoryRunUpload upload, CancellationToken cancellationToken)
    {
        var view = await _client.SendAsync(HttpMethod.Post, "runs", upload, ProtocolJson.Default.HistoryRunUpload, ProtocolJson.Default.HistoryRunView, cancellationToken).ConfigureAwait(false);
        return Summary(view!);
    }

    /// <summary>Sends what the gate judged, for the run's page; a later upload of the same job attempt replaces it.</summary>
    internal Task UploadReportAsync(GateReportUpload report, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, "report", report, ProtocolJson.Default.GateReportUpload, ProtocolJson.Default.GateReportView, cancellationToken);

    /// <summary>Recorded results of the runs (and tests) named, ordered by test id then run, asked in slices the server takes.</summary>
    internal async Task<List<HistoryResult>> ResultsAsync(IReadOnlyList<long> runs, IReadOnlyList<string>? tests, bool failingOnly, CancellationToken cancellationToken)
    {
        var results = new List<HistoryResult>();
        if (runs.Count == 0 || tests is { Count: 0 })
        {
            return results;
        }

        foreach (var slice in tests is null ? [null] : tests.Chunk(IdsPerQuery).Select(c => (IReadOnlyList<string>?)c))
        {
            var page = await _client.SendAsync(HttpMethod.Post, "results", new HistoryResultsQuery(runs, slice, failingOnly), ProtocolJson.Default.HistoryResultsQuery, ProtocolJson.Default.IReadOnlyListHistoryResult, cancellationToken).ConfigureAwait(false);
            results.AddRange(page ?? []);
        }

        // Slices each come sorted; together they are sorted again, so that each test's rows stay together.
        return tests is { Count: > IdsPerQuery } ? [.. results.OrderBy(r => r.Test, StringComparer.Ordinal).ThenBy(r => r.Run)] : results;
    }

    /// <summary>The runs an analysis looks at, by id: their tree, and whether they are in the failure-rate window.</summary>
    internal static Dictionary<long, (string Tree, bool InWindow)> AnalysisRuns(IEnumerable<RunSummary> window, IEnumerable<RunSummary> sameTree)
    {
        var runs = new Dictionary<long, (string Tree, bool InWindow)>();
        foreach (var run in sameTree)
        {
            runs[run.Id] = (run.TreeHash, false);
        }

        foreach (var run in window)
        {
            runs[run.Id] = (run.TreeHash, true);
        }

        return runs;
    }

    internal static TestResultRow Row(HistoryResult result, Dictionary<long, (string Tree, bool InWindow)> runs) =>
        new(result.Test, result.Run, runs[result.Run].Tree, Outcome(result.Outcome), result.Attempts, runs[result.Run].InWindow);

    internal static TestOutcome Outcome(string text) => Enum.Parse<TestOutcome>(text);

    private async Task<IReadOnlyList<RunSummary>> RunsAsync(string path, CancellationToken cancellationToken) =>
        [.. (await _client.GetAsync(path, ProtocolJson.Default.IReadOnlyListHistoryRunView, cancellationToken).ConfigureAwait(false) ?? []).Select(Summary)];

    private async Task<List<BenchmarkPoint>> SeriesAsync(string name, string branch, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var points = await _client.GetAsync($"benchmarks?name={Uri.EscapeDataString(name)}&branch={Uri.EscapeDataString(branch)}&limit={count}", ProtocolJson.Default.IReadOnlyListHistoryBenchmarkPoint, cancellationToken).ConfigureAwait(false) ?? [];
        return [.. points.Select(p => new BenchmarkPoint(p.Run, p.Branch, p.MeanNs, p.StdDevNs, p.Samples))];
    }

    private static RunSummary Summary(HistoryRunView view) => new(
        view.Id,
        view.CommitSha,
        view.TreeHash,
        view.Branch,
        view.BaseBranch,
        view.RecordedAt,
        view.Coverage is { } c ? new CoverageTotals(c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid) : null);

    private static QuarantineEntry Entry(HistoryQuarantineEntry entry) => new(entry.Test, entry.Reason, entry.AddedBy, entry.AddedAt);
}
