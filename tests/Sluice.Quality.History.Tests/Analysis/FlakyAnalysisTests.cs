using Sluice.Quality.Reports;
using static Sluice.Quality.History.Tests.Runs;

namespace Sluice.Quality.History.Tests;

public sealed class FlakyAnalysisTests
{
    private static readonly FlakyOptions Defaults = new();
    private static readonly HashSet<string> NoQuarantine = [];
    private static long nextId = 1;

    private static RunTestOutcomes At(string tree, params TestRecord[] tests) =>
        new(new RunSummary(Interlocked.Increment(ref nextId), "sha", tree, "main", null, default, null), tests);

    /// <summary>A window of runs, newest first, each on its own tree.</summary>
    private static List<RunTestOutcomes> Window(params TestRecord[] newestFirst) => [.. newestFirst.Select((t, i) => At("w" + i, t))];

    private static TestRecord[] Repeat(Func<string, TestRecord> result, int times, string id = "T.a") => [.. Enumerable.Repeat(0, times).Select(_ => result(id))];

    private static FlakyReport Analyze(RunTestOutcomes current, IReadOnlyList<RunTestOutcomes> window, IReadOnlyList<RunTestOutcomes>? sameTree = null, IReadOnlySet<string>? quarantined = null, FlakyOptions? options = null) =>
        FlakyAnalysis.Analyze(current, window, sameTree ?? [], quarantined ?? NoQuarantine, options ?? Defaults);

    [Fact]
    public void A_pass_and_a_fail_on_the_same_tree_is_flaky()
    {
        var report = Analyze(At("t1", Fail("T.a")), [], sameTree: [At("t1", Pass("T.a"))]);

        var flaky = Assert.Single(report.Flaky);
        Assert.Equal(FlakySignals.SameTreePassAndFail, flaky.Signals);
        Assert.True(flaky.FailingNow);
        Assert.Equal([flaky], report.Unquarantined);
    }

    [Fact]
    public void A_pass_and_a_fail_on_different_trees_is_not_flaky_by_itself()
    {
        Assert.Empty(Analyze(At("t2", Fail("T.a")), [At("t1", Pass("T.a"))]).Flaky);
    }

    [Fact]
    public void Same_tree_conflicts_inside_the_window_count_too()
    {
        var report = Analyze(At("t9", Pass("T.a")), [At("t1", Fail("T.a")), At("t1", Pass("T.a"))]);

        Assert.Equal(FlakySignals.SameTreePassAndFail, Assert.Single(report.Flaky).Signals);
        Assert.Empty(report.Unquarantined);
    }

    [Fact]
    public void A_pass_on_retry_is_flaky_but_not_failing()
    {
        var flaky = Assert.Single(Analyze(At("t1", Retried("T.a")), []).Flaky);

        Assert.Equal(FlakySignals.PassedOnRetry, flaky.Signals);
        Assert.False(flaky.FailingNow);
    }

    [Fact]
    public void A_test_the_report_calls_flaky_is_flaky()
    {
        var surefire = new TestRecord("T.a", TestOutcome.Flaky, 1);

        Assert.Equal(FlakySignals.ReportedFlaky, Assert.Single(Analyze(At("t1", surefire), []).Flaky).Signals);
        Assert.Equal(FlakySignals.ReportedFlaky | FlakySignals.PassedOnRetry, Assert.Single(Analyze(At("t1", Flaky("T.a")), []).Flaky).Signals);
    }

    [Fact]
    public void A_failure_rate_at_the_threshold_over_enough_runs_is_flaky()
    {
        // 1 failure in 20 runs = 5%.
        var report = Analyze(At("now", Fail("T.a")), Window(Repeat(id => Pass(id), 19)));

        var flaky = Assert.Single(report.Flaky);
        Assert.Equal(FlakySignals.FailureRate, flaky.Signals);
        Assert.Equal(0.05, flaky.FailureRate, 1e-12);
        Assert.Equal(20, flaky.Runs);
    }

    [Fact]
    public void A_failure_rate_under_the_threshold_is_not_flaky()
    {
        // 1 failure in 30 runs = 3.3%.
        Assert.Empty(Analyze(At("now", Fail("T.a")), Window(Repeat(id => Pass(id), 29))).Flaky);
    }

    [Fact]
    public void Too_few_runs_are_not_judged_by_failure_rate()
    {
        Assert.Empty(Analyze(At("now", Fail("T.a")), Window(Pass("T.a"), Pass("T.a"), Pass("T.a"))).Flaky);
    }

    [Fact]
    public void A_test_failing_every_run_is_broken_not_flaky()
    {
        var report = Analyze(At("now", Fail("T.a")), Window(Repeat(id => Fail(id), 5)));

        Assert.Empty(report.Flaky);
        Assert.Equal(["T.a"], report.Broken);
    }

    [Fact]
    public void Runs_older_than_the_window_are_not_counted()
    {
        var window = Window([.. Repeat(id => Pass(id), 8), Fail("T.a")]);

        Assert.Single(Analyze(At("now", Pass("T.a")), window, options: Defaults with { Window = 10 }).Flaky);
        Assert.Empty(Analyze(At("now", Pass("T.a")), window, options: Defaults with { Window = 9 }).Flaky);
    }

    [Fact]
    public void Skipped_runs_do_not_count_toward_the_rate()
    {
        var report = Analyze(At("now", Fail("T.a")), Window([.. Repeat(id => Pass(id), 4), .. Repeat(Skip, 10)]));

        var flaky = Assert.Single(report.Flaky);
        Assert.Equal(5, flaky.Runs);
        Assert.Equal(0.2, flaky.FailureRate, 1e-12);
    }

    [Fact]
    public void The_flag_clears_after_enough_consecutive_clean_passes()
    {
        var cleared = Window([.. Repeat(id => Pass(id), 9), Fail("T.a"), Retried("T.a"), Fail("T.a")]);
        var notYet = Window([.. Repeat(id => Pass(id), 8), Fail("T.a"), Retried("T.a"), Fail("T.a")]);

        Assert.Empty(Analyze(At("now", Pass("T.a")), cleared).Flaky);
        Assert.Equal(
            FlakySignals.PassedOnRetry | FlakySignals.FailureRate,
            Assert.Single(Analyze(At("now", Pass("T.a")), notYet).Flaky).Signals);
    }

    [Fact]
    public void A_retried_pass_is_not_a_clean_pass_for_clearing()
    {
        // With the current pass, the latest ten are nine clean passes and one pass on retry: not yet cleared.
        Assert.Single(Analyze(At("now", Pass("T.a")), Window([.. Repeat(id => Pass(id), 8), Retried("T.a")])).Flaky);
        Assert.Empty(Analyze(At("now", Pass("T.a")), Window([.. Repeat(id => Pass(id), 9), Retried("T.a")])).Flaky);
    }

    [Fact]
    public void A_quarantined_flaky_failure_does_not_count_against_the_gate()
    {
        var report = Analyze(At("t1", Fail("T.a"), Fail("T.b"), Fail("T.c")), [At("t1", Pass("T.a"), Pass("T.b"))], quarantined: new HashSet<string> { "T.a", "T.c" });

        Assert.Equal(["T.a", "T.b"], report.Flaky.Select(f => f.Id));
        Assert.True(report.Flaky[0].Quarantined);
        Assert.Equal(["T.b"], report.Unquarantined.Select(f => f.Id));
        Assert.Equal(["T.a", "T.c"], report.QuarantinedFailures);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var window = Window(Pass("T.a"), Fail("T.a"), Pass("T.a"));
        var strict = Defaults with { MinRuns = 3, FailureRateThreshold = 0.5 };

        Assert.Single(Analyze(At("now", Fail("T.a")), window, options: strict).Flaky);
        Assert.Empty(Analyze(At("now", Pass("T.a")), window, options: strict).Flaky);
    }

    [Fact]
    public void Options_name_the_setting_to_fix()
    {
        Assert.Contains("flaky.window", Assert.Throws<ArgumentOutOfRangeException>(() => new FlakyOptions { Window = 0 }.Validate()).Message);
        Assert.Contains("flaky.failure-rate", Assert.Throws<ArgumentOutOfRangeException>(() => new FlakyOptions { FailureRateThreshold = 2 }.Validate()).Message);
    }
}
