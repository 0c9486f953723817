using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_gate_report_is_kept_per_attempt_replaced_by_a_later_upload_and_fenced_by_the_lease()
    {
        var (run, job) = await RunningBuildAsync();
        var recorded = await RecordForAsync(run, job, 1, [GateTest("A")]);

        Assert.Equal(FenceResult.Accepted, await Store.SaveGateReportAsync(job.Id, 1, Hash("lease"), null, """{"verdict":"failed"}""", At(1), None).Timed());
        Assert.Equal(FenceResult.Accepted, await Store.SaveGateReportAsync(job.Id, 1, Hash("lease"), recorded.Id, """{"verdict":"passed"}""", At(2), None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.SaveGateReportAsync(job.Id, 1, Hash("stolen"), null, "{}", At(3), None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.SaveGateReportAsync(job.Id, 2, Hash("lease"), null, "{}", At(3), None).Timed());

        Assert.Equal([new GateReportRow(job.Id, 1, run.Id, recorded.Id, At(2), """{"verdict":"passed"}""")], await Store.GateReportsAsync(run.Id, None).Timed());
        Assert.Empty(await Store.GateReportsAsync((await NewRunAsync()).Id, None).Timed());
    }

    [Fact]
    public async Task A_gate_report_may_name_only_a_quality_run_its_own_attempt_recorded()
    {
        var (run, job) = await RunningBuildAsync();
        var unlinked = await Store.RecordQualityRunAsync(run.RepositoryId, new NewQualityRun(new RunHeader("c", "t", "main", null), [GateTest("A")], null, []), Start, None).Timed();

        var refused = await Assert.ThrowsAsync<StoreException>(() => Store.SaveGateReportAsync(job.Id, 1, Hash("lease"), unlinked.Id, "{}", Start, None).Timed());

        Assert.Contains($"history run {unlinked.Id}", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.GateReportsAsync(run.Id, None).Timed());
    }

    [Fact]
    public async Task A_runs_tests_come_from_the_quality_runs_of_each_jobs_latest_attempt_that_recorded_one()
    {
        var run = await NewRunAsync();
        var (build, lint) = (await QueueAsync(run, "build", "lint")) is [var b, var l] ? (b, l) : default;
        var agent = await AgentAsync();
        await ClaimAsync(agent, "lease-1", canRun: j => j.Id == build.Id);
        await ClaimAsync(agent, "lease-2", canRun: j => j.Id == lint.Id);
        await RecordForAsync(run, build, 1, [GateTest("B", TestOutcome.Failed)]);
        await RecordForAsync(run, lint, 1, [GateTest("L")]);
        Assert.True(await Store.AbandonAttemptAsync(build.Id, 1, "lost", "agent gone", 3, At(5), None).Timed());
        await ClaimAsync(agent, "lease-3", At(6), j => j.Id == build.Id);
        var retried = await RecordForAsync(run, build, 2, [GateTest("B"), new QualityTestRow("B #2", "B", TestOutcome.Flaky, 2, 2)]);
        await Store.RecordQualityRunAsync(run.RepositoryId, new NewQualityRun(new RunHeader("c", "t", "main", null), [GateTest("Z")], null, []), Start, None).Timed();

        var tests = await Store.RunQualityTestsAsync(run.Id, None).Timed();

        Assert.Equal(
            [(build.Id, 2, "B", TestOutcome.Passed), (build.Id, 2, "B #2", TestOutcome.Flaky), (lint.Id, 1, "L", TestOutcome.Passed)],
            tests.Select(t => (t.JobId, t.Attempt, t.Test.Id, t.Test.Outcome)));
        Assert.Equal(new RunQualityTestRow(retried.Id, build.Id, 2, new QualityTestRow("B #2", "B", TestOutcome.Flaky, 2, 2)), tests[1]);
    }

    [Fact]
    public async Task A_tests_history_is_newest_first_with_the_run_that_recorded_each_result()
    {
        var (run, job) = await RunningBuildAsync();
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");
        var old = await Store.RecordQualityRunAsync(shop.Id, new NewQualityRun(new RunHeader("c1", "t1", "main", null), [GateTest("a/b \"c\"", TestOutcome.Failed, 3)], null, []), At(1), None).Timed();
        var linked = await RecordForAsync(run, job, 1, [GateTest("a/b \"c\"", seconds: 2), GateTest("other")], at: 2);
        await Store.RecordQualityRunAsync(shop.Id, new NewQualityRun(new RunHeader("c3", "t3", "feature", null), [GateTest("a/b \"c\"")], null, []), At(3), None).Timed();
        await Store.RecordQualityRunAsync(tools.Id, new NewQualityRun(new RunHeader("c4", "t4", "main", null), [GateTest("a/b \"c\"")], null, []), At(4), None).Timed();

        var main = await Store.QualityTestHistoryAsync(shop.Id, "a/b \"c\"", "main", 10, None).Timed();
        var any = await Store.QualityTestHistoryAsync(shop.Id, "a/b \"c\"", null, 2, None).Timed();

        Assert.Equal(
            [
                new TestHistoryRow(linked.Id, run.Id, "commit-t", "main", At(2), TestOutcome.Passed, 2, 1),
                new TestHistoryRow(old.Id, null, "c1", "main", At(1), TestOutcome.Failed, 3, 1),
            ],
            main);
        Assert.Equal(["feature", "main"], any.Select(p => p.Branch));
        Assert.Empty(await Store.QualityTestHistoryAsync(shop.Id, "unknown", null, 10, None).Timed());
    }

    [Fact]
    public async Task Benchmarks_give_each_names_latest_points_on_the_branch_oldest_first()
    {
        var (run, job) = await RunningBuildAsync();
        var shop = await RepositoryAsync("shop");
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var benchmarks = new List<BenchmarkResult> { new("Parse", 100 + i, 1, 10) };
            if (i % 2 == 0)
            {
                benchmarks.Add(new BenchmarkResult("Emit", 50 + i, 2, 20));
            }

            ids.Add((await Store.RecordQualityRunAsync(shop.Id, new NewQualityRun(new RunHeader($"c{i}", $"t{i}", "main", null), [], null, benchmarks), At(i), None).Timed()).Id);
        }

        var linked = await Store.RecordQualityRunAsync(shop.Id, new NewQualityRun(new RunHeader("c9", "t9", "main", null), [], null, [new BenchmarkResult("Emit", 60, 2, 20)], new QualityRunOrigin(run.Id, job.Id, 1)), At(9), None).Timed();
        await Store.RecordQualityRunAsync(shop.Id, new NewQualityRun(new RunHeader("cf", "tf", "feature", null), [], null, [new BenchmarkResult("Parse", 999, 1, 10)]), At(10), None).Timed();

        var points = await Store.QualityBenchmarksAsync(shop.Id, "main", 2, None).Timed();

        Assert.Equal(
            [("Emit", ids[2], (long?)null, 52.0), ("Emit", linked.Id, run.Id, 60.0), ("Parse", ids[2], null, 102.0), ("Parse", ids[3], null, 103.0)],
            points.Select(p => (p.Name, p.QualityRunId, p.RunId, p.MeanNs)));
        Assert.Equal(new BenchmarkHistoryRow("Emit", linked.Id, run.Id, "c9", At(9), 60, 2, 20), points[1]);
        Assert.Empty(await Store.QualityBenchmarksAsync(shop.Id, "nowhere", 2, None).Timed());
    }

    private static QualityTestRow GateTest(string id, TestOutcome outcome = TestOutcome.Passed, double seconds = 1) => new(id, null, outcome, seconds, 1);

    private Task<RunSummary> RecordForAsync(RunRecord run, JobRow job, int attempt, IReadOnlyList<QualityTestRow> tests, int at = 0) =>
        Store.RecordQualityRunAsync(run.RepositoryId, new NewQualityRun(new RunHeader("commit-t", "t", "main", null), tests, null, [], new QualityRunOrigin(run.Id, job.Id, attempt)), At(at), None).Timed();
}
