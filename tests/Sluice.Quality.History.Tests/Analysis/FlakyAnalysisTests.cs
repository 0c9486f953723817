using Sluice.Quality.Reports;
using static Sluice.Quality.History.Tests.Runs;

namespace Sluice.Quality.History.Tests;

/// <summary>
/// The flaky analysis on results given directly, as <see cref="IQualityHistory.ReadFlakyCandidatesAsync"/> would
/// give them; HistoryAnalyzerTests run it on a real history.
/// </summary>
public sealed class FlakyAnalysisTests
{
    private const long CurrentRunId = 1_000_000;
    private static readonly FlakyOptions Defaults = new();

    /// <summary>One run: its tree and its results.</summary>
    private sealed record TestRun(string Tree, TestRecord[] Tests);

    private static TestRun At(string tree, params TestRecord[] tests) => new(tree, tests);

    /// <summary>A window of runs, newest first, each on its own tree.</summary>
    private static List<TestRun> Window(params TestRecord[] newestFirst) => [.. newestFirst.Select((t, i) => At("w" + i, t))];

    private static TestRecord[] Repeat(Func<string, TestRecord> result, int times, string id = "T.a") => [.. Enumerable.Repeat(0, times).Select(_ => result(id))];

    /// <summary>
    /// The current run is the newest, the window's runs come before it newest first (only the first Window - 1 of
    /// them, as the analyzer reads them), the same tree's other runs before those.
    /// </summary>
    private static Task<FlakyReport> AnalyzeAsync(TestRun current, IReadOnlyList<TestRun> window, IReadOnlyList<TestRun>? sameTree = null, IReadOnlySet<string>? quarantined = null, FlakyOptions? options = null)
    {
        options ??= Defaults;
        var runs = new List<(long Id, TestRun Run, bool InWindow)> { (CurrentRunId, current, true) };
        runs.AddRange(window.Take(options.Window - 1).Select((run, i) => (CurrentRunId - 1 - i, run, true)));
        runs.AddRange((sameTree ?? []).Select((run, i) => (1000L - i, run, false)));
        var rows = runs
            .SelectMany(r => r.Run.Tests.Select(t => new TestResultRow(t.Id, r.Id, r.Run.Tree, t.Outcome, t.Attempts, r.InWindow)))
            .OrderBy(row => row.TestId, StringComparer.Ordinal)
            .ToAsyncEnumerable();
        return FlakyAnalysis.AnalyzeAsync(rows, CurrentRunId, quarantined ?? new HashSet<string>(), [], options, CancellationToken.None).Timed();
    }

    [Fact]
    public async Task A_pass_and_a_fail_on_the_same_tree_is_flaky()
    {
        var report = await AnalyzeAsync(At("t1", Fail("T.a")), [], sameTree: [At("t1", Pass("T.a"))]);

        var flaky = Assert.Single(report.Flaky);
        Assert.Equal(FlakySignals.SameTreePassAndFail, flaky.Signals);
        Assert.True(flaky.FailingNow);
        Assert.Equal([flaky], report.Unquarantined);
    }

    [Fact]
    public async Task A_pass_and_a_fail_on_different_trees_is_not_flaky_by_itself()
    {
        Assert.Empty((await AnalyzeAsync(At("t2", Fail("T.a")), [At("t1", Pass("T.a"))])).Flaky);
    }

    [Fact]
    public async Task Same_tree_conflicts_inside_the_window_count_too()
    {
        var report = await AnalyzeAsync(At("t9", Pass("T.a")), [At("t1", Fail("T.a")), At("t1", Pass("T.a"))]);

        Assert.Equal(FlakySignals.SameTreePassAndFail, Assert.Single(report.Flaky).Signals);
        Assert.Empty(report.Unquarantined);
    }

    [Fact]
    public async Task A_pass_after_a_failed_attempt_in_one_run_is_flaky_but_not_failing()
    {
        var flaky = Assert.Single((await AnalyzeAsync(At("t1", Flaky("T.a")), [])).Flaky);

        Assert.Equal(FlakySignals.PassedOnRetry, flaky.Signals);
        Assert.False(flaky.FailingNow);
    }

    [Fact]
    public async Task Attempts_that_all_passed_are_no_sign_of_flakiness()
    {
        Assert.Empty((await AnalyzeAsync(At("t1", PassedEveryAttempt("T.a")), Window(Repeat(PassedEveryAttempt, 12)))).Flaky);
    }

    [Fact]
    public async Task A_failure_rate_at_the_threshold_over_enough_runs_is_flaky()
    {
        // 1 failure in 20 runs = 5%.
        var report = await AnalyzeAsync(At("now", Fail("T.a")), Window(Repeat(id => Pass(id), 19)));

        var flaky = Assert.Single(report.Flaky);
        Assert.Equal(FlakySignals.FailureRate, flaky.Signals);
        Assert.Equal(0.05, flaky.FailureRate, 1e-12);
        Assert.Equal(20, flaky.Runs);
    }

    [Fact]
    public async Task A_failure_rate_under_the_threshold_is_not_flaky()
    {
        // 1 failure in 30 runs = 3.3%.
        Assert.Empty((await AnalyzeAsync(At("now", Fail("T.a")), Window(Repeat(id => Pass(id), 29)))).Flaky);
    }

    [Fact]
    public async Task Too_few_runs_are_not_judged_by_failure_rate()
    {
        Assert.Empty((await AnalyzeAsync(At("now", Fail("T.a")), Window(Pass("T.a"), Pass("T.a"), Pass("T.a")))).Flaky);
    }

    [Fact]
    public async Task A_test_failing_every_run_is_broken_not_flaky()
    {
        var report = await AnalyzeAsync(At("now", Fail("T.a")), Window(Repeat(id => Fail(id), 5)));

        Assert.Empty(report.Flaky);
        Assert.Equal(1, report.Broken);
    }

    [Fact]
    public async Task Runs_older_than_the_window_are_not_counted()
    {
        var window = Window([.. Repeat(id => Pass(id), 8), Fail("T.a")]);

        Assert.Single((await AnalyzeAsync(At("now", Pass("T.a")), window, options: Defaults with { Window = 10 })).Flaky);
        Assert.Empty((await AnalyzeAsync(At("now", Pass("T.a")), window, options: Defaults with { Window = 9 })).Flaky);
    }

    [Fact]
    public async Task Skipped_runs_do_not_count_toward_the_rate()
    {
        var report = await AnalyzeAsync(At("now", Fail("T.a")), Window([.. Repeat(id => Pass(id), 4), .. Repeat(Skip, 10)]));

        var flaky = Assert.Single(report.Flaky);
        Assert.Equal(5, flaky.Runs);
        Assert.Equal(0.2, flaky.FailureRate, 1e-12);
    }

    [Fact]
    public async Task The_flag_clears_after_enough_consecutive_clean_passes()
    {
        var cleared = Window([.. Repeat(id => Pass(id), 9), Fail("T.a"), Flaky("T.a"), Fail("T.a")]);
        var notYet = Window([.. Repeat(id => Pass(id), 8), Fail("T.a"), Flaky("T.a"), Fail("T.a")]);

        Assert.Empty((await AnalyzeAsync(At("now", Pass("T.a")), cleared)).Flaky);
        Assert.Equal(
            FlakySignals.PassedOnRetry | FlakySignals.FailureRate,
            Assert.Single((await AnalyzeAsync(At("now", Pass("T.a")), notYet)).Flaky).Signals);
    }

    [Fact]
    public async Task A_pass_after_a_failed_attempt_is_not_a_clean_pass_for_clearing()
    {
        // With the current pass, the latest ten are nine clean passes and one pass after a failed attempt: not yet cleared.
        Assert.Single((await AnalyzeAsync(At("now", Pass("T.a")), Window([.. Repeat(id => Pass(id), 8), Flaky("T.a")]))).Flaky);
        Assert.Empty((await AnalyzeAsync(At("now", Pass("T.a")), Window([.. Repeat(id => Pass(id), 9), Flaky("T.a")]))).Flaky);
    }

    [Fact]
    public async Task A_quarantined_flaky_failure_does_not_count_against_the_gate()
    {
        var report = await AnalyzeAsync(At("t1", Fail("T.a"), Fail("T.b"), Fail("T.c")), [At("t1", Pass("T.a"), Pass("T.b"))], quarantined: new HashSet<string> { "T.a", "T.c" });

        Assert.Equal(["T.a", "T.b"], report.Flaky.Select(f => f.Id));
        Assert.True(report.Flaky[0].Quarantined);
        Assert.Equal(["T.b"], report.Unquarantined.Select(f => f.Id));
    }

    [Fact]
    public async Task Thresholds_are_configurable()
    {
        var window = Window(Pass("T.a"), Fail("T.a"), Pass("T.a"));
        var strict = Defaults with { MinRuns = 3, FailureRateThreshold = 0.5 };

        Assert.Single((await AnalyzeAsync(At("now", Fail("T.a")), window, options: strict)).Flaky);
        Assert.Empty((await AnalyzeAsync(At("now", Pass("T.a")), window, options: strict)).Flaky);
    }

    [Fact]
    public void Options_name_the_setting_to_fix()
    {
        Assert.Contains("flaky.window", Assert.Throws<ArgumentOutOfRangeException>(() => new FlakyOptions { Window = 0 }.Validate()).Message);
        Assert.Contains("flaky.failure-rate", Assert.Throws<ArgumentOutOfRangeException>(() => new FlakyOptions { FailureRateThreshold = 2 }.Validate()).Message);
    }
}
