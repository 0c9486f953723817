using Sluice.Quality.Reports;
using static Sluice.Quality.History.Tests.Runs;

namespace Sluice.Quality.History.Tests;

/// <summary>
/// What every <see cref="IQualityHistory"/> provider must do. A provider's test class derives from this and says
/// how to open a store; the tests are the same for all.
/// </summary>
public abstract class QualityHistoryComplianceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected ManualTimeProvider Clock { get; } = new(Start);

    protected IQualityHistory History { get; private set; } = null!;

    private static CancellationToken None => CancellationToken.None;

    /// <summary>Opens a handle on the one store this test class instance uses; each call is a new handle (a new connection, as another process would have).</summary>
    protected abstract Task<IQualityHistory> OpenStoreAsync(TimeProvider time);

    public virtual async Task InitializeAsync() => History = await OpenStoreAsync(Clock).Timed();

    public virtual async Task DisposeAsync()
    {
        if (History is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_new_store_has_no_runs_and_an_empty_quarantine()
    {
        Assert.Null(await History.GetLatestRunAsync("main", None).Timed());
        Assert.Empty(await History.GetRunsAsync("main", 30, None).Timed());
        Assert.Empty(await History.GetQuarantineAsync(None).Timed());
        Assert.Empty(await History.GetLatestDurationsAsync(null, None).Timed());
    }

    [Fact]
    public async Task A_recorded_run_comes_back_with_its_fields_tests_and_coverage()
    {
        var run = new GateRunRecord(
            "abc123", "tree1", "feature/x", "main",
            [Pass("A.one", 1.5), new TestRecord("A.two", TestOutcome.Flaky, 2.25, 3), Skip("A.three")],
            new CoverageTotals(80, 100, 7, 10),
            []);

        var recorded = await History.RecordRunAsync(run, None).Timed();
        var latest = await History.GetLatestRunAsync("feature/x", None).Timed();

        Assert.Equal(recorded, latest);
        Assert.Equal(new RunSummary(recorded.Id, "abc123", "tree1", "feature/x", "main", Start, new CoverageTotals(80, 100, 7, 10)), latest);
        var tests = await History.GetTestResultsAsync(recorded.Id, None).Timed();
        Assert.Equal([Pass("A.one", 1.5), Skip("A.three"), new TestRecord("A.two", TestOutcome.Flaky, 2.25, 3)], tests);
    }

    [Fact]
    public async Task Recorded_at_comes_from_the_time_provider()
    {
        Clock.Advance(TimeSpan.FromHours(5));
        var recorded = await History.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();

        Assert.Equal(Start.AddHours(5), recorded.RecordedAt);
        Assert.Equal(Start.AddHours(5), (await History.GetLatestRunAsync("main", None).Timed())!.RecordedAt);
    }

    [Fact]
    public async Task A_run_without_coverage_has_no_coverage_totals()
    {
        await History.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();

        Assert.Null((await History.GetLatestRunAsync("main", None).Timed())!.Coverage);
    }

    [Fact]
    public async Task The_latest_run_is_per_branch_and_the_last_recorded()
    {
        await History.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();
        var second = await History.RecordRunAsync(Run("main", Fail("T.a")), None).Timed();
        var other = await History.RecordRunAsync(Run("dev", Pass("T.a")), None).Timed();

        Assert.Equal(second.Id, (await History.GetLatestRunAsync("main", None).Timed())!.Id);
        Assert.Equal(other.Id, (await History.GetLatestRunAsync("dev", None).Timed())!.Id);
        Assert.True(other.Id > second.Id);
    }

    [Fact]
    public async Task Recent_runs_are_the_last_n_of_the_branch_newest_first_with_their_results()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await History.RecordRunAsync(Run("main", Pass("T.a"), i % 2 == 0 ? Pass("T.b") : Fail("T.b")), None).Timed()).Id);
            await History.RecordRunAsync(Run("other", Fail("T.a")), None).Timed();
        }

        var recent = await History.GetRunsAsync("main", 3, None).Timed();

        Assert.Equal([ids[4], ids[3], ids[2]], recent.Select(r => r.Id));
        Assert.All(recent, r => Assert.Equal("main", r.Branch));
        var outcomes = new List<TestOutcome>();
        foreach (var run in recent)
        {
            outcomes.Add((await History.GetTestResultsAsync(run.Id, None).Timed()).Single(t => t.Id == "T.b").Outcome);
        }

        Assert.Equal([TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Passed], outcomes);
    }

    [Fact]
    public async Task Runs_list_newest_first_up_to_the_count()
    {
        for (var i = 0; i < 4; i++)
        {
            await History.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();
        }

        var runs = await History.GetRunsAsync("main", 10, None).Timed();

        Assert.Equal(4, runs.Count);
        Assert.Equal(runs.Select(r => r.Id).OrderDescending(), runs.Select(r => r.Id));
        Assert.Equal(2, (await History.GetRunsAsync("main", 2, None).Timed()).Count);
    }

    [Fact]
    public async Task Runs_of_a_tree_span_branches_and_only_that_tree()
    {
        await History.RecordRunAsync(Run("main", null, "t1", Pass("T.a")), None).Timed();
        await History.RecordRunAsync(Run("pr-1", "main", "t1", Fail("T.a")), None).Timed();
        await History.RecordRunAsync(Run("main", null, "t2", Fail("T.a")), None).Timed();

        var sameTree = await History.GetRunsForTreeAsync("t1", None).Timed();

        Assert.Equal(["pr-1", "main"], sameTree.Select(r => r.Branch));
        Assert.All(sameTree, r => Assert.Equal("t1", r.TreeHash));
    }

    [Fact]
    public async Task Test_results_of_an_unknown_run_are_empty()
    {
        Assert.Empty(await History.GetTestResultsAsync(424242, None).Timed());
    }

    [Fact]
    public async Task A_benchmark_series_is_the_branch_own_measurements_newest_first()
    {
        await History.RecordRunAsync(Bench("main", null, ("Parse", 100), ("Other", 5)), None).Timed();
        await History.RecordRunAsync(Bench("main", null, ("Parse", 110)), None).Timed();
        await History.RecordRunAsync(Bench("main", null, ("Parse", 120)), None).Timed();

        var series = await History.GetBenchmarkSeriesAsync("Parse", "main", null, 2, None).Timed();

        Assert.Equal([120.0, 110.0], series.Select(p => p.MeanNs));
        Assert.Equal(1.2, series[0].StdDevNs, 9);
        Assert.Equal(16, series[0].Samples);
    }

    [Fact]
    public async Task A_new_branch_starts_from_its_base_branch_benchmark_history()
    {
        await History.RecordRunAsync(Bench("main", null, ("Parse", 100)), None).Timed();
        await History.RecordRunAsync(Bench("main", null, ("Parse", 101)), None).Timed();
        await History.RecordRunAsync(Bench("main", null, ("Parse", 102)), None).Timed();

        var fresh = await History.GetBenchmarkSeriesAsync("Parse", "feature", "main", 10, None).Timed();
        Assert.Equal([102.0, 101.0, 100.0], fresh.Select(p => p.MeanNs));
        Assert.All(fresh, p => Assert.Equal("main", p.Branch));

        await History.RecordRunAsync(Bench("feature", "main", ("Parse", 90)), None).Timed();
        var mixed = await History.GetBenchmarkSeriesAsync("Parse", "feature", "main", 3, None).Timed();
        Assert.Equal([90.0, 102.0, 101.0], mixed.Select(p => p.MeanNs));
        Assert.Equal(["feature", "main", "main"], mixed.Select(p => p.Branch));

        var withoutBase = await History.GetBenchmarkSeriesAsync("Parse", "feature", null, 3, None).Timed();
        Assert.Equal([90.0], withoutBase.Select(p => p.MeanNs));
    }

    [Fact]
    public async Task Latest_durations_come_from_the_latest_run_that_ran_each_test()
    {
        await History.RecordRunAsync(Run("main", Pass("T.a", 1), Pass("T.b", 2)), None).Timed();
        await History.RecordRunAsync(Run("main", Pass("T.a", 3), Skip("T.b")), None).Timed();
        await History.RecordRunAsync(Run("dev", Pass("T.a", 9)), None).Timed();

        var onMain = await History.GetLatestDurationsAsync("main", None).Timed();
        var anywhere = await History.GetLatestDurationsAsync(null, None).Timed();

        Assert.Equal(new Dictionary<string, double> { ["T.a"] = 3, ["T.b"] = 2 }, onMain);
        Assert.Equal(new Dictionary<string, double> { ["T.a"] = 9, ["T.b"] = 2 }, anywhere);
    }

    [Fact]
    public async Task Quarantine_adds_updates_lists_and_releases()
    {
        var added = await History.QuarantineAsync("T.b", "times out on arm64", "ana", None).Timed();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await History.QuarantineAsync("T.a", "races", "bo", None).Timed();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await History.QuarantineAsync("T.b", "still times out", "cy", None).Timed();

        Assert.Equal(new QuarantineEntry("T.b", "times out on arm64", "ana", Start), added);
        Assert.Equal(
            [new QuarantineEntry("T.a", "races", "bo", Start.AddMinutes(1)), new QuarantineEntry("T.b", "still times out", "cy", Start.AddMinutes(2))],
            await History.GetQuarantineAsync(None).Timed());

        Assert.True(await History.ReleaseAsync("T.a", None).Timed());
        Assert.False(await History.ReleaseAsync("T.a", None).Timed());
        Assert.Equal(["T.b"], (await History.GetQuarantineAsync(None).Timed()).Select(e => e.TestId));
    }

    [Fact]
    public async Task Distinct_cases_sharing_an_id_are_kept_apart_in_the_order_they_came()
    {
        var run = await History.RecordRunAsync(Run("main", Pass("T.a", 1), Fail("T.a"), Pass("T.b"), Skip("T.a")), None).Timed();

        var tests = await History.GetTestResultsAsync(run.Id, None).Timed();

        Assert.Equal(
            [("T.a", TestOutcome.Passed), ("T.a #2", TestOutcome.Failed), ("T.a #3", TestOutcome.Skipped), ("T.b", TestOutcome.Passed)],
            tests.Select(t => (t.Id, t.Outcome)));
    }

    [Fact]
    public async Task Durations_of_distinct_cases_sharing_an_id_add_up_as_running_the_id_runs_them_all()
    {
        await History.RecordRunAsync(Run("main", Pass("T.rows", 1), Pass("T.rows", 2), Pass("T.rows", 4), Pass("T.one", 3)), None).Timed();
        await History.RecordRunAsync(Run("main", Pass("T.one", 5)), None).Timed();

        Assert.Equal(new Dictionary<string, double> { ["T.rows"] = 7, ["T.one"] = 5 }, await History.GetLatestDurationsAsync("main", None).Timed());
    }

    [Fact]
    public async Task A_run_being_recorded_is_invisible_until_committed_and_gone_when_dropped()
    {
        await using (var dropped = await History.BeginRunAsync(new RunHeader("c1", "t1", "main", null), None).Timed())
        {
            dropped.Add(Pass("T.a"));
        }

        Assert.Null(await History.GetLatestRunAsync("main", None).Timed());

        await using var recording = await History.BeginRunAsync(new RunHeader("c2", "t2", "main", null), None).Timed();
        Assert.Equal("T.a", recording.Add(Pass("T.a")));
        Assert.Equal("T.a #2", recording.Add(Fail("T.a")));
        var committed = await recording.CommitAsync(new CoverageTotals(1, 2, 0, 0), [], None).Timed();

        Assert.Equal(committed, await History.GetLatestRunAsync("main", None).Timed());
        Assert.Equal(2, (await History.GetTestResultsAsync(committed.Id, None).Timed()).Count);
    }

    [Fact]
    public async Task Flaky_candidates_are_the_judged_run_tests_that_failed_somewhere_with_their_results_in_those_runs()
    {
        var old = await History.RecordRunAsync(Run("main", null, "t1", Fail("T.sometimes"), Pass("T.always"), Pass("T.gone")), None).Timed();
        var window = await History.RecordRunAsync(Run("main", null, "t2", Pass("T.sometimes"), Pass("T.always"), Flaky("T.retried")), None).Timed();
        var current = await History.RecordRunAsync(Run("main", null, "t3", Pass("T.sometimes"), Pass("T.always"), Pass("T.retried")), None).Timed();

        var rows = await History.ReadFlakyCandidatesAsync(current, [window], [old], None).ToListAsync().AsTask().Timed();

        Assert.Equal(
            [("T.retried", window.Id, true, TestOutcome.Flaky), ("T.retried", current.Id, true, TestOutcome.Passed),
             ("T.sometimes", old.Id, false, TestOutcome.Failed), ("T.sometimes", window.Id, true, TestOutcome.Passed), ("T.sometimes", current.Id, true, TestOutcome.Passed)],
            rows.Select(r => (r.TestId, r.RunId, r.InWindow, r.Outcome)));
        Assert.Equal("t1", rows[2].TreeHash);
    }

    [Fact]
    public async Task Concurrent_writers_on_separate_handles_all_land()
    {
        const int Writers = 6;
        const int RunsEach = 15;
        var handles = new List<IQualityHistory>();
        for (var i = 0; i < Writers; i++)
        {
            handles.Add(await OpenStoreAsync(Clock).Timed());
        }

        try
        {
            await Task.WhenAll(handles.Select((handle, writer) => Task.Run(async () =>
            {
                for (var r = 0; r < RunsEach; r++)
                {
                    var tests = Enumerable.Range(0, 50).Select(t => Pass($"W{writer}.T{t}", t)).ToArray();
                    await handle.RecordRunAsync(Run("main", tests), None);
                }
            }))).WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            foreach (var handle in handles.OfType<IAsyncDisposable>())
            {
                await handle.DisposeAsync();
            }
        }

        var all = await History.GetRunsAsync("main", 1000, None).Timed();
        Assert.Equal(Writers * RunsEach, all.Count);
        foreach (var run in all)
        {
            Assert.Equal(50, (await History.GetTestResultsAsync(run.Id, None).Timed()).Count);
        }

        Assert.Equal(Writers * RunsEach, all.Select(r => r.Id).Distinct().Count());
    }
}
