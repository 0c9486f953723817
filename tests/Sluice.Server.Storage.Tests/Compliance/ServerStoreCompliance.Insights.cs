using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// A repository's figures per UTC day: runs at known times, jobs started after known waits and quality runs of known
/// tests, so that every count, rate, percentile and top list is known exactly.
/// </summary>
public abstract partial class ServerStoreCompliance
{
    private static readonly DateOnly June1 = new(2025, 6, 1);

    private static readonly DateOnly June3 = new(2025, 6, 3);

    private static DateTimeOffset June(int day, int hour, int minute = 0, double seconds = 0) => new DateTimeOffset(2025, 6, day, hour, minute, 0, TimeSpan.Zero).AddSeconds(seconds);

    [Fact]
    public async Task Insights_give_every_day_of_the_period_its_counts_rates_percentiles_and_the_top_tests()
    {
        var shop = await SeedInsightsAsync();

        var insights = await Store.InsightsAsync(shop.Id, new InsightsQuery(June1, June3), None).Timed();

        Assert.Equal(
            [
                // Durations 30, 60, 120, 600 s: nearest rank 2 of 4 and 4 of 4. Waits 5, 10, 20, 60 s: ranks 2 and 4 of 4.
                new DayInsights(June1, 5, 2, 1, 1, 0.5, 60, 600, 10, 60, 1, 1, 1.0),
                new DayInsights(June1.AddDays(1), 0, 0, 0, 0, null, null, null, null, null, 2, 0, 0.0),
                new DayInsights(June3, 1, 1, 0, 0, 1.0, 45.5, 45.5, 2, 2, 0, 0, null),
            ],
            insights.Days);
        Assert.Equal(
            [
                new SlowTest("b", 8.0 / 3, 3),
                new SlowTest("a", 2.0, 3),
                new SlowTest("c", 0.5, 2),
                new SlowTest("e", 0.25, 1),
                .. Enumerable.Range(0, 6).Select(i => new SlowTest($"t{i:00}", 0.125, 1)),
            ],
            insights.SlowestTests);
        Assert.Equal([new FailingTest("b", 3, 3, 1.0), new FailingTest("a", 1, 3, 1.0 / 3)], insights.MostFailingTests);
    }

    [Fact]
    public async Task Insights_narrowed_to_a_branch_or_workflow_count_only_its_runs_jobs_and_quality_runs()
    {
        var shop = await SeedInsightsAsync();

        var main = await Store.InsightsAsync(shop.Id, new InsightsQuery(June1, June3, Branch: "main"), None).Timed();
        Assert.Equal(
            [
                new DayInsights(June1, 5, 2, 1, 1, 0.5, 60, 600, 10, 60, 1, 1, 1.0),
                new DayInsights(June1.AddDays(1), 0, 0, 0, 0, null, null, null, null, null, 1, 0, 0.0),
                new DayInsights(June3, 0, 0, 0, 0, null, null, null, null, null, 0, 0, null),
            ],
            main.Days);
        Assert.Equal([new SlowTest("a", 2.0, 2), new SlowTest("b", 2.0, 2), new SlowTest("c", 0.5, 2)], main.SlowestTests);
        Assert.Equal([new FailingTest("b", 2, 2, 1.0)], main.MostFailingTests);
        Assert.Equal(main, await Store.InsightsAsync(shop.Id, new InsightsQuery(June1, June3, Branch: "refs/heads/main"), None).Timed(), InsightsComparer.Instance);

        var nightly = await Store.InsightsAsync(shop.Id, new InsightsQuery(June3, June3, Workflow: "nightly.yml"), None).Timed();
        Assert.Equal([new DayInsights(June3, 1, 1, 0, 0, 1.0, 45.5, 45.5, 2, 2, 0, 0, null)], nightly.Days);
        var none = await Store.InsightsAsync(shop.Id, new InsightsQuery(June1, June1, Workflow: "nightly.yml"), None).Timed();
        Assert.Equal([new DayInsights(June1, 0, 0, 0, 0, null, null, null, null, null, 1, 1, 1.0)], none.Days);
    }

    [Fact]
    public async Task Insights_of_a_repository_without_runs_have_every_day_with_zeros_and_no_tests()
    {
        var empty = await RepositoryAsync("empty");
        await SeedInsightsAsync();

        var insights = await Store.InsightsAsync(empty.Id, new InsightsQuery(June1.AddDays(-364), June1), None).Timed();

        Assert.Equal(365, insights.Days.Count);
        Assert.Equal(June1.AddDays(-364), insights.Days[0].Day);
        Assert.Equal(June1, insights.Days[^1].Day);
        Assert.All(insights.Days, d => Assert.Equal(new DayInsights(d.Day, 0, 0, 0, 0, null, null, null, null, null, 0, 0, null), d));
        Assert.Empty(insights.SlowestTests);
        Assert.Empty(insights.MostFailingTests);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("%")]
    public async Task Insights_with_a_hostile_branch_or_workflow_match_nothing(string value)
    {
        var shop = await SeedInsightsAsync();

        foreach (var query in new[] { new InsightsQuery(June1, June3, Branch: value), new InsightsQuery(June1, June3, Workflow: value) })
        {
            var insights = await Store.InsightsAsync(shop.Id, query, None).Timed();
            Assert.All(insights.Days, d => Assert.Equal(0, d.Runs));
        }
    }

    /// <summary>
    /// In "shop": on June 1, four runs of main ended after 30, 60, 120 and 600 s (success, failure, cancelled, success)
    /// and one still runs; their jobs waited 5, 20 and 60 s (one never started), and a job queued that day of a run of
    /// May 31 still running waited 10 s; on June 3 at midnight a Nightly run of
    /// the branch feature took 45.5 s, its job waited 2 s. Runs just outside the period and another repository's runs
    /// are there too. Quality runs: June 1 on main (a flaky test), two on June 2 (main, feature), one on May 31.
    /// </summary>
    private async Task<RepositoryRecord> SeedInsightsAsync()
    {
        var shop = await RepositoryAsync("shop");
        var other = await RepositoryAsync("other");
        var agent = await AgentAsync();

        async Task<RunRecord> RunAsync(RepositoryRecord repository, DateTimeOffset created, double? seconds, string conclusion = "success", string reference = "refs/heads/main", string workflow = "CI")
        {
            var run = await Store.CreateRunAsync(RunOf(repository.Id) with { Ref = reference, WorkflowName = workflow, WorkflowFile = $".github/workflows/{workflow.ToLowerInvariant()}.yml" }, created, None).Timed();
            if (seconds is { } taken)
            {
                await Store.FinishRunAsync(run.Id, conclusion, created.AddSeconds(taken), None).Timed();
            }

            return run;
        }

        async Task WaitAsync(RunRecord run, string key, double? seconds, DateTimeOffset? queuedAt = null)
        {
            var queued = queuedAt ?? (await Store.RunAsync(run.Id, None).Timed())!.CreatedAt;
            await Store.QueueJobsAsync([JobOf(run, key)], queued, None).Timed();
            if (seconds is { } waited)
            {
                var job = (await Store.JobsAsync(run.Id, None).Timed()).Single(j => j.Key == key);
                Assert.NotNull(await ClaimAsync(agent, $"lease-{job.Id}", queued.AddSeconds(waited), j => j.Id == job.Id));
            }
        }

        var first = await RunAsync(shop, June(1, 10), 60);
        await WaitAsync(first, "build", 5);
        await WaitAsync(first, "test", 20);
        var second = await RunAsync(shop, June(1, 11), 120, "failure");
        await WaitAsync(second, "build", 60);
        await WaitAsync(second, "lint", null);
        await RunAsync(shop, June(1, 12), 30, "cancelled");
        await RunAsync(shop, June(1, 13), 600);
        await RunAsync(shop, June(1, 23, 59, 59.999), null);
        var nightly = await RunAsync(shop, June(3, 0), 45.5, reference: "refs/heads/feature", workflow: "Nightly");
        await WaitAsync(nightly, "build", 2);

        var longer = await RunAsync(shop, June(1, 0).AddHours(-2), null);
        await WaitAsync(longer, "deploy", 10, June(1, 9));
        var before = await RunAsync(shop, June(1, 0).AddMilliseconds(-1), 1, "failure");
        await WaitAsync(before, "build", 1000);
        await RunAsync(shop, June(4, 0), 1, "failure");
        var elsewhere = await RunAsync(other, June(1, 10), 1, "failure");
        await WaitAsync(elsewhere, "build", 1000);

        static QualityTestRow T(string id, TestOutcome outcome, double seconds) => new(id, null, outcome, seconds, 1);
        async Task RecordAsync(RepositoryRecord repository, string branch, DateTimeOffset at, params QualityTestRow[] tests) =>
            await Store.RecordQualityRunAsync(repository.Id, new NewQualityRun(new RunHeader("commit-" + at.Ticks, "tree-" + at.Ticks, branch, null), tests, null, []), at, None).Timed();

        await RecordAsync(shop, "main", June(1, 12), T("a", TestOutcome.Passed, 1), T("b", TestOutcome.Failed, 2), T("c", TestOutcome.Flaky, 0.5));
        await RecordAsync(shop, "main", June(2, 8), T("a", TestOutcome.Passed, 3), T("b", TestOutcome.Failed, 2), T("c", TestOutcome.Passed, 0.5), T("d", TestOutcome.Skipped, 9));
        await RecordAsync(shop, "feature", June(2, 9), [T("a", TestOutcome.Failed, 2), T("b", TestOutcome.Errored, 4), T("e", TestOutcome.Passed, 0.25), .. Enumerable.Range(0, 12).Select(i => T($"t{i:00}", TestOutcome.Passed, 0.125))]);
        await RecordAsync(shop, "main", June(1, 0).AddMilliseconds(-1), T("z", TestOutcome.Failed, 100), T("c", TestOutcome.Flaky, 100));
        await RecordAsync(other, "main", June(1, 12), T("x", TestOutcome.Failed, 100), T("y", TestOutcome.Flaky, 100));
        return shop;
    }

    /// <summary>Insights compared by their lists' contents.</summary>
    private sealed class InsightsComparer : IEqualityComparer<RepositoryInsights>
    {
        public static readonly InsightsComparer Instance = new();

        public bool Equals(RepositoryInsights? x, RepositoryInsights? y) =>
            x is not null && y is not null && x.Days.SequenceEqual(y.Days) && x.SlowestTests.SequenceEqual(y.SlowestTests) && x.MostFailingTests.SequenceEqual(y.MostFailingTests);

        public int GetHashCode(RepositoryInsights obj) => obj.Days.Count;
    }
}
