namespace Sluice.Quality.History;

/// <summary>
/// Reads what the analyses need through <see cref="IQualityHistory"/> and runs them. Analyze a run before recording
/// it, so that it is judged against the past only.
/// </summary>
public sealed class HistoryAnalyzer
{
    private readonly IQualityHistory history;
    private readonly HistoryOptions options;

    /// <summary>Validates <paramref name="options"/> up front, naming the setting to fix.</summary>
    public HistoryAnalyzer(IQualityHistory history, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.history = history;
        this.options = options;
    }

    public async Task<HistoryReport> AnalyzeAsync(GateRunRecord run, CancellationToken cancellationToken)
    {
        var baseBranch = run.BaseBranch ?? run.Branch;
        var baseLatest = await history.GetLatestRunAsync(baseBranch, cancellationToken).ConfigureAwait(false);
        var baseTests = baseLatest is null ? null : await history.GetTestResultsAsync(baseLatest.Id, cancellationToken).ConfigureAwait(false);

        var window = await ReadWindowAsync(run, cancellationToken).ConfigureAwait(false);
        var sameTree = await history.GetTestOutcomesForTreeAsync(run.TreeHash, cancellationToken).ConfigureAwait(false);
        var quarantine = await history.GetQuarantineAsync(cancellationToken).ConfigureAwait(false);
        var current = new RunTestOutcomes(new RunSummary(0, run.CommitSha, run.TreeHash, run.Branch, run.BaseBranch, default, run.Coverage), run.Tests);
        var flaky = FlakyAnalysis.Analyze(current, window, sameTree, quarantine.Select(q => q.TestId).ToHashSet(StringComparer.Ordinal), options.Flaky);

        var verdicts = new List<BenchmarkVerdict>();
        foreach (var benchmark in run.Benchmarks)
        {
            var series = await history.GetBenchmarkSeriesAsync(benchmark.Name, run.Branch, run.BaseBranch, options.Benchmarks.SampleCount, cancellationToken).ConfigureAwait(false);
            verdicts.Add(BenchmarkRegression.Evaluate(benchmark.Name, benchmark.MeanNs, [.. series.Select(p => p.MeanNs)], options.Benchmarks));
        }

        return new HistoryReport(NewFailures.Find(run.Tests, baseTests), flaky, verdicts, baseLatest);
    }

    /// <summary>The branch's own recent runs; a young branch's window is filled from its base branch's.</summary>
    private async Task<IReadOnlyList<RunTestOutcomes>> ReadWindowAsync(GateRunRecord run, CancellationToken cancellationToken)
    {
        var wanted = options.Flaky.Window - 1;
        var own = await history.GetRecentTestOutcomesAsync(run.Branch, wanted, cancellationToken).ConfigureAwait(false);
        if (own.Count >= wanted || run.BaseBranch is null || run.BaseBranch == run.Branch)
        {
            return own;
        }

        var inherited = await history.GetRecentTestOutcomesAsync(run.BaseBranch, wanted - own.Count, cancellationToken).ConfigureAwait(false);
        return [.. own, .. inherited];
    }
}
