using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_gate_run_is_recorded_with_its_tests_coverage_and_benchmarks_and_read_back_per_repository()
    {
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");
        var coverage = new CoverageTotals(80, 100, 5, 10);

        var first = await RecordAsync(shop, "main", "tree-1", [Test("A"), Test("B", TestOutcome.Failed)], coverage, [new BenchmarkResult("Parse", 120, 3, 16)]);
        var other = await RecordAsync(tools, "main", "tree-1", [Test("A", TestOutcome.Failed)]);
        var second = await RecordAsync(shop, "main", "tree-2", [Test("A"), Test("B")], at: 10);

        Assert.True(first.Id < other.Id && other.Id < second.Id, "run ids grow in the order runs were recorded");
        Assert.Equal(new RunSummary(first.Id, "commit-tree-1", "tree-1", "main", null, At(0), coverage), first);
        Assert.Equal([second, first], await Store.QualityRunsAsync(shop.Id, "main", null, 10, None).Timed());
        Assert.Equal([second], await Store.QualityRunsAsync(shop.Id, "main", null, 1, None).Timed());
        Assert.Equal([first], await Store.QualityRunsAsync(shop.Id, null, "tree-1", 10, None).Timed());
        Assert.Equal([other], await Store.QualityRunsAsync(tools.Id, null, null, 10, None).Timed());
        Assert.Empty(await Store.QualityRunsAsync(shop.Id, "feature", null, 10, None).Timed());
        var points = await Store.QualityBenchmarkSeriesAsync(shop.Id, "Parse", "main", 10, None).Timed();
        Assert.Equal([new BenchmarkPoint(first.Id, "main", 120, 3, 16)], points);
        Assert.Empty(await Store.QualityBenchmarkSeriesAsync(tools.Id, "Parse", "main", 10, None).Timed());
    }

    [Fact]
    public async Task Results_are_read_by_run_and_test_only_from_the_repositorys_own_runs()
    {
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");
        var one = await RecordAsync(shop, "main", "t1", [Test("A"), Test("B", TestOutcome.Failed), Test("C", TestOutcome.Flaky, attempts: 2), Test("D", TestOutcome.Skipped)]);
        var two = await RecordAsync(shop, "main", "t2", [Test("A", TestOutcome.Errored), Test("B")]);
        var foreign = await RecordAsync(tools, "main", "t1", [Test("A", TestOutcome.Failed)]);

        var failing = await Store.QualityResultsAsync(shop.Id, new QualityResultQuery([one.Id, two.Id, foreign.Id], null, FailingOnly: true), None).Timed();
        var named = await Store.QualityResultsAsync(shop.Id, new QualityResultQuery([one.Id, two.Id], ["A", "C", "unknown"], FailingOnly: false), None).Timed();
        var all = await Store.QualityResultsAsync(shop.Id, new QualityResultQuery([two.Id], null, FailingOnly: false), None).Timed();

        Assert.Equal([(two.Id, "A", TestOutcome.Errored), (one.Id, "B", TestOutcome.Failed), (one.Id, "C", TestOutcome.Flaky)], failing.Select(r => (r.RunId, r.TestId, r.Outcome)));
        Assert.Equal([(one.Id, "A"), (two.Id, "A"), (one.Id, "C")], named.Select(r => (r.RunId, r.TestId)));
        Assert.Equal(new QualityResultRow(one.Id, "C", TestOutcome.Flaky, 1.5, 2), named[2]);
        Assert.Equal(["A", "B"], all.Select(r => r.TestId));
        Assert.Empty(await Store.QualityResultsAsync(tools.Id, new QualityResultQuery([one.Id], null, FailingOnly: false), None).Timed());
    }

    [Fact]
    public async Task A_run_that_lists_a_test_twice_is_refused_and_leaves_nothing()
    {
        var shop = await RepositoryAsync("shop");

        await Assert.ThrowsAsync<StoreException>(() => RecordAsync(shop, "main", "t1", [Test("A"), Test("A", TestOutcome.Failed)]));
        await Assert.ThrowsAsync<ArgumentException>(() => RecordAsync(shop, "", "t1", [Test("A")]));

        Assert.Empty(await Store.QualityRunsAsync(shop.Id, null, null, 10, None).Timed());
    }

    [Fact]
    public async Task Durations_come_from_each_tests_latest_run_with_the_cases_of_one_name_added_up()
    {
        var shop = await RepositoryAsync("shop");
        await RecordAsync(shop, "main", "t1", [Test("A", seconds: 1), Test("B", seconds: 4)]);
        await RecordAsync(shop, "main", "t2", [Test("A", seconds: 2), new QualityTestRow("A #2", "A", TestOutcome.Passed, 3, 1), Test("B", TestOutcome.Skipped, seconds: 9)]);
        await RecordAsync(shop, "feature", "t3", [Test("A", seconds: 7)]);

        var main = await Store.QualityDurationsAsync(shop.Id, "main", None).Timed();
        var any = await Store.QualityDurationsAsync(shop.Id, null, None).Timed();

        Assert.Equal(new Dictionary<string, double> { ["A"] = 5, ["B"] = 4 }, main);
        Assert.Equal(7, any["A"]);
    }

    [Fact]
    public async Task Quarantine_is_kept_per_repository_updated_in_place_and_released_once()
    {
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");

        await Store.QuarantineTestAsync(shop.Id, new QuarantineEntry("B", "flaky", "alice", At(1)), None).Timed();
        await Store.QuarantineTestAsync(shop.Id, new QuarantineEntry("A", "slow", "bob", At(2)), None).Timed();
        await Store.QuarantineTestAsync(shop.Id, new QuarantineEntry("B", "issue 12", "carol", At(3)), None).Timed();

        Assert.Equal([new QuarantineEntry("A", "slow", "bob", At(2)), new QuarantineEntry("B", "issue 12", "carol", At(3))], await Store.QuarantineAsync(shop.Id, None).Timed());
        Assert.Empty(await Store.QuarantineAsync(tools.Id, None).Timed());
        Assert.False(await Store.ReleaseTestAsync(tools.Id, "A", None).Timed());
        Assert.True(await Store.ReleaseTestAsync(shop.Id, "A", None).Timed());
        Assert.False(await Store.ReleaseTestAsync(shop.Id, "A", None).Timed());
        Assert.Equal(["B"], (await Store.QuarantineAsync(shop.Id, None).Timed()).Select(q => q.TestId));
    }

    [Fact]
    public async Task Step_summaries_are_kept_per_attempt_in_order_and_fenced_like_logs()
    {
        var (run, job) = await RunningBuildAsync();

        Assert.Equal(FenceResult.Accepted, await Store.SaveJobSummariesAsync(job.Id, 1, Hash("lease"), ["# first", "## second"], None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.SaveJobSummariesAsync(job.Id, 1, Hash("stolen"), ["forged"], None).Timed());
        Assert.Equal(FenceResult.Superseded, await Store.SaveJobSummariesAsync(job.Id, 2, Hash("lease"), ["forged"], None).Timed());

        var rows = await Store.RunSummariesAsync(run.Id, None).Timed();

        Assert.Equal([new JobSummaryRow(job.Id, "build", 1, 1, "# first"), new JobSummaryRow(job.Id, "build", 1, 2, "## second")], rows);
        Assert.Empty(await Store.RunSummariesAsync((await NewRunAsync()).Id, None).Timed());
    }

    private static QualityTestRow Test(string id, TestOutcome outcome = TestOutcome.Passed, double seconds = 1.5, int attempts = 1) => new(id, null, outcome, seconds, attempts);

    private Task<RunSummary> RecordAsync(RepositoryRecord repository, string branch, string tree, IReadOnlyList<QualityTestRow> tests, CoverageTotals? coverage = null, IReadOnlyList<BenchmarkResult>? benchmarks = null, int at = 0) =>
        Store.RecordQualityRunAsync(repository.Id, new NewQualityRun(new RunHeader("commit-" + tree, tree, branch, null), tests, coverage, benchmarks ?? []), At(at), None).Timed();
}
