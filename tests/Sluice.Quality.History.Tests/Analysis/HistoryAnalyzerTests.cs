using static Sluice.Quality.History.Tests.Runs;

namespace Sluice.Quality.History.Tests;

/// <summary>The analyses end to end, reading a real SQLite history.</summary>
public sealed class HistoryAnalyzerTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new();
    private SqliteQualityHistory history = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync() =>
        history = await SqliteQualityHistory.OpenAsync(directory.File("history.db"), new ManualTimeProvider(DateTimeOffset.UnixEpoch), None).Timed();

    public async Task DisposeAsync()
    {
        await history.DisposeAsync();
        directory.Dispose();
    }

    private Task<HistoryReport> AnalyzeAsync(GateRunRecord run, HistoryOptions? options = null) =>
        new HistoryAnalyzer(history, options ?? new HistoryOptions()).AnalyzeAsync(run, None).Timed();

    [Fact]
    public async Task New_failures_are_judged_against_the_base_branch_latest_run()
    {
        await history.RecordRunAsync(Run("main", Fail("T.a"), Fail("T.b")), None).Timed();
        await history.RecordRunAsync(Run("main", Pass("T.a"), Fail("T.b")), None).Timed();
        await history.RecordRunAsync(Run("feature", Pass("T.a"), Pass("T.b")), None).Timed();

        var report = await AnalyzeAsync(Run("feature", "main", "t", Fail("T.a", "boom"), Fail("T.b")));

        Assert.Equal([new NewFailure("T.a", "boom")], report.NewFailures.Listed);
        Assert.Equal((1, 1), (report.NewFailures.Count, report.NewFailures.Unquarantined));
    }

    [Fact]
    public async Task The_report_names_the_base_run_it_compared_with_and_none_when_history_is_empty()
    {
        Assert.Null((await AnalyzeAsync(Run("feature", "main", "t", Fail("T.a")))).BaseRun);

        var baseRun = await history.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();
        Assert.Equal(baseRun.Id, (await AnalyzeAsync(Run("feature", "main", "t", Fail("T.a")))).BaseRun?.Id);
    }

    [Fact]
    public async Task A_run_without_a_base_branch_is_judged_against_its_own_branch()
    {
        await history.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();

        Assert.Equal(["T.a"], (await AnalyzeAsync(Run("main", Fail("T.a")))).NewFailures.Listed.Select(f => f.Id));
    }

    [Fact]
    public async Task A_new_branch_benchmark_is_judged_against_the_base_branch_history()
    {
        foreach (var mean in new double[] { 100, 102, 98, 101, 99 })
        {
            await history.RecordRunAsync(Bench("main", null, ("Parse", mean)), None).Timed();
        }

        var report = await AnalyzeAsync(Bench("feature", "main", ("Parse", 107), ("Brand.New", 5)));

        var parse = report.Benchmarks.Single(b => b.Name == "Parse");
        Assert.Equal(BenchmarkStatus.Regressed, parse.Status);
        Assert.Equal(5, parse.SampleCount);
        Assert.Equal(BenchmarkStatus.Inconclusive, report.Benchmarks.Single(b => b.Name == "Brand.New").Status);
    }

    [Fact]
    public async Task The_minimum_relative_change_option_reaches_the_verdict()
    {
        foreach (var mean in new double[] { 100, 100.1, 99.9, 100, 100 })
        {
            await history.RecordRunAsync(Bench("main", null, ("Parse", mean)), None).Timed();
        }

        var options = new HistoryOptions { Benchmarks = new BenchmarkOptions { MinRelativeChange = 0.05 } };

        Assert.Equal(BenchmarkStatus.Passed, (await AnalyzeAsync(Bench("main", null, ("Parse", 102)), options)).Benchmarks.Single().Status);
        Assert.Equal(BenchmarkStatus.Regressed, (await AnalyzeAsync(Bench("main", null, ("Parse", 102)))).Benchmarks.Single().Status);
    }

    [Fact]
    public async Task The_same_tree_failing_on_a_pull_request_after_passing_on_main_is_flaky_and_quarantine_excuses_it()
    {
        await history.RecordRunAsync(Run("main", null, "t1", Pass("T.a"), Pass("T.b")), None).Timed();
        await history.QuarantineAsync("T.b", "known race", "ana", None).Timed();

        var report = await AnalyzeAsync(Run("pr-7", "main", "t1", Fail("T.a"), Fail("T.b")));

        Assert.Equal(["T.a", "T.b"], report.Flaky.Flaky.Select(f => f.Id));
        Assert.All(report.Flaky.Flaky, f => Assert.Equal(FlakySignals.SameTreePassAndFail, f.Signals));
        Assert.Equal(["T.a"], report.Flaky.Unquarantined.Select(f => f.Id));
        Assert.Equal(["T.b"], report.Flaky.QuarantinedFailures.Select(t => t.Id));
    }

    [Fact]
    public async Task A_young_branch_failure_rate_window_starts_from_its_base_branch()
    {
        for (var i = 0; i < 8; i++)
        {
            await history.RecordRunAsync(Run("main", i == 3 ? Fail("T.a") : Pass("T.a")), None).Timed();
        }

        await history.RecordRunAsync(Run("feature", "main", "f1", Pass("T.a")), None).Timed();

        var report = await AnalyzeAsync(Run("feature", "main", "f2", Pass("T.a")));

        var flaky = Assert.Single(report.Flaky.Flaky);
        Assert.Equal(FlakySignals.FailureRate, flaky.Signals);
        Assert.Equal(10, flaky.Runs);
    }

    [Fact]
    public async Task Same_named_cases_are_judged_each_on_its_own_and_one_that_always_fails_is_broken_not_flaky()
    {
        // Two theory rows that xunit cuts to one display name, on one tree: the first always passes, the second always fails.
        for (var i = 0; i < 5; i++)
        {
            await history.RecordRunAsync(Run("main", null, "t1", Pass("T.row"), Fail("T.row")), None).Timed();
        }

        var report = await AnalyzeAsync(Run("main", null, "t1", Pass("T.row"), Fail("T.row")));

        Assert.Empty(report.Flaky.Flaky);
        Assert.Equal(1, report.Flaky.Broken);
        Assert.Equal(0, report.NewFailures.Count);
    }

    [Fact]
    public async Task A_new_failure_among_same_named_cases_names_the_case_that_changed()
    {
        await history.RecordRunAsync(Run("main", Fail("T.row"), Pass("T.row")), None).Timed();

        var report = await AnalyzeAsync(Run("feature", "main", "f1", Fail("T.row"), Fail("T.row", "second row broke")));

        Assert.Equal([new NewFailure("T.row #2", "second row broke")], report.NewFailures.Listed);
    }

    [Fact]
    public async Task A_quarantined_new_failure_is_counted_but_not_against_the_gate()
    {
        await history.RecordRunAsync(Run("main", Pass("T.a"), Pass("T.b")), None).Timed();
        await history.QuarantineAsync("T.b", "known race", "ana", None).Timed();

        var report = await AnalyzeAsync(Run("main", Fail("T.a"), Fail("T.b")));

        Assert.Equal((2, 1), (report.NewFailures.Count, report.NewFailures.Unquarantined));
        Assert.Equal(["T.b"], report.Flaky.QuarantinedFailures.Select(t => t.Id));
    }

    [Fact]
    public async Task The_window_skips_runs_where_a_test_was_skipped_and_ignores_other_branches()
    {
        for (var i = 0; i < 4; i++)
        {
            await history.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();
            await history.RecordRunAsync(Run("main", Skip("T.a")), None).Timed();
            await history.RecordRunAsync(Run("other", Fail("T.a")), None).Timed();
        }

        var report = await AnalyzeAsync(Run("main", Fail("T.a")));

        var flaky = Assert.Single(report.Flaky.Flaky);
        Assert.Equal((FlakySignals.FailureRate, 5, 0.2), (flaky.Signals, flaky.Runs, flaky.FailureRate));
    }

    [Fact]
    public async Task Judging_a_run_without_recording_it_leaves_history_as_it_was()
    {
        await AnalyzeAsync(Run("main", Fail("T.a")));

        Assert.Null(await history.GetLatestRunAsync("main", None).Timed());
    }

    [Fact]
    public void Bad_options_are_refused_when_the_analyzer_is_made()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HistoryAnalyzer(history, new HistoryOptions { Flaky = new FlakyOptions { MinRuns = 0 } }));

        Assert.Contains("flaky.min-runs", error.Message);
    }
}
