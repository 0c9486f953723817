using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// Runs the analyses of a run being recorded against the runs before it: new failures, flaky tests, benchmark
/// regressions. The run's own results are read from its recording, never held in memory.
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

    /// <summary>Judges a whole run given at once, without recording it.</summary>
    public async Task<HistoryReport> AnalyzeAsync(GateRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var recording = await history.BeginRunAsync(run.Header, cancellationToken).ConfigureAwait(false);
        foreach (var test in run.Tests)
        {
            recording.Add(test);
        }

        return await AnalyzeAsync(recording, run.Benchmarks, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Judges the run being recorded; commit it afterwards, so that it is judged against the past only.</summary>
    public async Task<HistoryReport> AnalyzeAsync(IRunRecording run, IReadOnlyList<BenchmarkResult> benchmarks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(benchmarks);
        var header = run.Header;
        var quarantine = (await history.GetQuarantineAsync(cancellationToken).ConfigureAwait(false)).Select(q => q.TestId).ToHashSet(StringComparer.Ordinal);
        var baseLatest = await history.GetLatestRunAsync(header.BaseBranch ?? header.Branch, cancellationToken).ConfigureAwait(false);
        var newFailures = baseLatest is null
            ? NewFailureReport.None
            : await run.FindNewFailuresAsync(baseLatest.Id, quarantine, NewFailureReport.MaxListed, cancellationToken).ConfigureAwait(false);

        var window = await ReadWindowAsync(header, cancellationToken).ConfigureAwait(false);
        var sameTree = await history.GetRunsForTreeAsync(header.TreeHash, cancellationToken).ConfigureAwait(false);
        var quarantinedFailures = await run.GetQuarantinedFailuresAsync(cancellationToken).ConfigureAwait(false);
        var flaky = await FlakyAnalysis.AnalyzeAsync(
            run.ReadFlakyCandidatesAsync(window, sameTree, cancellationToken),
            run.RunId,
            quarantine,
            quarantinedFailures,
            options.Flaky,
            cancellationToken).ConfigureAwait(false);

        var verdicts = new List<BenchmarkVerdict>();
        foreach (var benchmark in benchmarks)
        {
            var series = await history.GetBenchmarkSeriesAsync(benchmark.Name, header.Branch, header.BaseBranch, options.Benchmarks.SampleCount, cancellationToken).ConfigureAwait(false);
            verdicts.Add(BenchmarkRegression.Evaluate(benchmark.Name, benchmark.MeanNs, [.. series.Select(p => p.MeanNs)], options.Benchmarks));
        }

        return new HistoryReport(newFailures, flaky, verdicts, baseLatest);
    }

    /// <summary>The branch's own recent runs; a young branch's window is filled from its base branch's.</summary>
    private async Task<IReadOnlyList<RunSummary>> ReadWindowAsync(RunHeader run, CancellationToken cancellationToken)
    {
        var wanted = options.Flaky.Window - 1;
        var own = await history.GetRunsAsync(run.Branch, wanted, cancellationToken).ConfigureAwait(false);
        if (own.Count >= wanted || run.BaseBranch is null || run.BaseBranch == run.Branch)
        {
            return own;
        }

        var inherited = await history.GetRunsAsync(run.BaseBranch, wanted - own.Count, cancellationToken).ConfigureAwait(false);
        return [.. own, .. inherited];
    }
}
