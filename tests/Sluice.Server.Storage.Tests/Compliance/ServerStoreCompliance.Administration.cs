using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_token_keeps_its_expiry_and_one_created_without_it_does_not_expire()
    {
        var expiring = await Store.AddTokenAsync("slu_adm_expiring", Hash("expiring"), "admin", [], "admin", null, "user:alice", At(3600), Start, None).Timed();
        var lasting = await Store.AddTokenAsync("slu_adm_lasting0", Hash("lasting"), "admin", [], "admin", null, "user:alice", Start, None).Timed();

        Assert.Equal(At(3600), expiring.ExpiresAt);
        Assert.Equal(At(3600), (await Store.TokenByHashAsync(Hash("expiring"), None).Timed())?.ExpiresAt);
        Assert.Null(lasting.ExpiresAt);
        Assert.Equal([At(3600), null], (await Store.TokensAsync(None).Timed()).Select(t => t.ExpiresAt));
    }

    [Fact]
    public async Task A_secret_is_deleted_once_and_only_in_its_own_repository()
    {
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");
        await Store.SetSecretAsync(shop.Id, "TOKEN", [1], Start, None).Timed();
        await Store.SetSecretAsync(shop.Id, "OTHER", [2], Start, None).Timed();
        await Store.SetSecretAsync(tools.Id, "TOKEN", [3], Start, None).Timed();

        Assert.False(await Store.DeleteSecretAsync(shop.Id, "token", None).Timed());
        Assert.True(await Store.DeleteSecretAsync(shop.Id, "TOKEN", None).Timed());
        Assert.False(await Store.DeleteSecretAsync(shop.Id, "TOKEN", None).Timed());
        Assert.Equal(["OTHER"], (await Store.SecretsAsync(shop.Id, None).Timed()).Select(s => s.Name));
        Assert.Equal(["TOKEN"], (await Store.SecretsAsync(tools.Id, None).Timed()).Select(s => s.Name));
    }

    [Fact]
    public async Task Editing_a_repository_changes_what_is_given_and_keeps_the_rest()
    {
        var shop = await Store.AddRepositoryAsync("shop", "https://git.example.test/shop.git", 60, [9, 9], Start, None).Timed();
        await Store.SetRepositoryPolledAsync(shop.Id, "main", "abc", None).Timed();

        var moved = await Store.EditRepositoryAsync(shop.Id, new RepositoryChange(Url: "/srv/git/shop"), None).Timed();
        var quiet = await Store.EditRepositoryAsync(shop.Id, new RepositoryChange(PollSeconds: 0, WebhookSecret: []), None).Timed();
        var again = await Store.EditRepositoryAsync(shop.Id, new RepositoryChange(PollSeconds: 300, WebhookSecret: [7]), None).Timed();

        Assert.Equal(shop with { Url = "/srv/git/shop", DefaultBranch = "main", LastPolledSha = "abc" }, moved! with { WebhookSecret = shop.WebhookSecret });
        Assert.Equal([9, 9], moved.WebhookSecret);
        Assert.Null(quiet!.PollSeconds);
        Assert.Null(quiet.WebhookSecret);
        Assert.Equal("/srv/git/shop", quiet.Url);
        Assert.Equal(300, again!.PollSeconds);
        Assert.Equal([7], again.WebhookSecret);
        Assert.Equal(again with { WebhookSecret = null }, (await Store.RepositoryAsync("shop", None).Timed())! with { WebhookSecret = null });
        Assert.Null(await Store.EditRepositoryAsync(long.MaxValue, new RepositoryChange(Url: "/x"), None).Timed());
    }

    [Fact]
    public async Task A_repository_with_a_run_not_finished_is_not_removed_and_nothing_of_it_changes()
    {
        var run = await NewRunAsync("shop");
        var shop = (await Store.RepositoryAsync("shop", None).Timed())!;
        await Store.SetSecretAsync(shop.Id, "TOKEN", [1], Start, None).Timed();

        var removal = await Store.RemoveRepositoryAsync(shop.Id, None).Timed();

        Assert.Equal(RemovalOutcome.Busy, removal.Outcome);
        Assert.Equal([run.Id], removal.UnfinishedRuns);
        Assert.Empty(removal.RunIds);
        Assert.NotNull(await Store.RunAsync(run.Id, None).Timed());
        Assert.Single(await Store.SecretsAsync(shop.Id, None).Timed());
        Assert.Equal(RemovalOutcome.NotFound, (await Store.RemoveRepositoryAsync(long.MaxValue, None).Timed()).Outcome);
    }

    [Fact]
    public async Task Removing_a_repository_takes_everything_of_it_and_leaves_other_repositories_whole_and_a_new_one_of_its_name_starts_clean()
    {
        var (kept, keptJob) = await FinishedRunWithEverythingAsync("tools", "lease-tools");
        var (gone, goneJob) = await FinishedRunWithEverythingAsync("shop", "lease-shop");
        var shop = (await Store.RepositoryAsync("shop", None).Timed())!;
        var tools = (await Store.RepositoryAsync("tools", None).Timed())!;
        var rerun = await Store.CreateRunAsync(RunOf(shop.Id) with { RerunOf = gone.Id }, At(20), None).Timed();
        await Store.FinishRunAsync(rerun.Id, "success", At(21), None).Timed();

        var removal = await Store.RemoveRepositoryAsync(shop.Id, None).Timed();

        Assert.Equal(RemovalOutcome.Removed, removal.Outcome);
        Assert.Equal([gone.Id, rerun.Id], removal.RunIds);
        Assert.Equal(["blob-shop"], removal.CacheBlobs);
        Assert.Null(await Store.RepositoryAsync("shop", None).Timed());
        Assert.Null(await Store.RunAsync(gone.Id, None).Timed());
        Assert.Null(await Store.JobAsync(goneJob.Id, None).Timed());
        Assert.Empty(await Store.RunEventsAsync(gone.Id, 0, None).Timed());
        Assert.Empty(await Store.AttemptsAsync(gone.Id, None).Timed());
        Assert.Empty(await Store.LogsAsync(gone.Id, 0, null, 100, None).Timed());
        Assert.Empty(await Store.RunSummariesAsync(gone.Id, None).Timed());
        Assert.Null(await Store.RunBlobsExpiredAtAsync(gone.Id, RunBlobKind.Logs, None).Timed());
        Assert.Empty(await Store.RunsAsync("shop", 10, None).Timed());
        Assert.Equal(RemovalOutcome.NotFound, (await Store.RemoveRepositoryAsync(shop.Id, None).Timed()).Outcome);

        var again = await Store.AddRepositoryAsync("shop", "https://git.example.test/shop-2.git", null, null, At(30), None).Timed();
        Assert.NotEqual(shop.Id, again.Id);
        Assert.Equal(1, (await Store.CreateRunAsync(RunOf(again.Id), At(31), None).Timed()).Number);
        Assert.Empty(await Store.SecretsAsync(again.Id, None).Timed());
        Assert.Empty(await Store.CacheEntriesAsync(again.Id, None).Timed());
        Assert.Empty(await Store.QualityRunsAsync(again.Id, null, null, 10, None).Timed());
        Assert.Empty(await Store.QuarantineAsync(again.Id, None).Timed());
        Assert.Empty(await Store.ConcurrencyGroupAsync(again.Id, "deploy", None).Timed());
        Assert.Null(await Store.LastScheduleSlotAsync(again.Id, ".github/workflows/ci.yml", "0 * * * *", None).Timed());
        Assert.True(await Store.RecordDeliveryAsync(again.Id, "delivery-1", "ok", At(32), None).Timed());

        // The other repository has all it had.
        Assert.NotNull(await Store.RunAsync(kept.Id, None).Timed());
        Assert.NotNull(await Store.JobAsync(keptJob.Id, None).Timed());
        Assert.NotEmpty(await Store.RunEventsAsync(kept.Id, 0, None).Timed());
        Assert.NotEmpty(await Store.AttemptsAsync(kept.Id, None).Timed());
        Assert.NotEmpty(await Store.RunSummariesAsync(kept.Id, None).Timed());
        Assert.Single(await Store.SecretsAsync(tools.Id, None).Timed());
        Assert.Single(await Store.CacheEntriesAsync(tools.Id, None).Timed());
        Assert.Single(await Store.QualityRunsAsync(tools.Id, null, null, 10, None).Timed());
        Assert.Single(await Store.QuarantineAsync(tools.Id, None).Timed());
        Assert.Single(await Store.ConcurrencyGroupAsync(tools.Id, "deploy", None).Timed());
        Assert.NotNull(await Store.LastScheduleSlotAsync(tools.Id, ".github/workflows/ci.yml", "0 * * * *", None).Timed());
        Assert.False(await Store.RecordDeliveryAsync(tools.Id, "delivery-1", "ok", At(32), None).Timed());
    }

    [Fact]
    public async Task Cache_entries_are_deleted_by_key_in_one_ref_or_every_ref_or_by_id_and_only_in_their_repository()
    {
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");
        var onMain = await Store.AddCacheEntryAsync(new NewCacheEntry(shop.Id, "refs/heads/main", "deps", "v1", "a", 1), Start, None).Timed();
        var onMainV2 = await Store.AddCacheEntryAsync(new NewCacheEntry(shop.Id, "refs/heads/main", "deps", "v2", "b", 1), Start, None).Timed();
        var onFeature = await Store.AddCacheEntryAsync(new NewCacheEntry(shop.Id, "refs/heads/feature", "deps", "v1", "c", 1), Start, None).Timed();
        var prefixed = await Store.AddCacheEntryAsync(new NewCacheEntry(shop.Id, "refs/heads/main", "deps-more", "v1", "d", 1), Start, None).Timed();
        var foreign = await Store.AddCacheEntryAsync(new NewCacheEntry(tools.Id, "refs/heads/main", "deps", "v1", "e", 1), Start, None).Timed();

        Assert.Equal([onMain!.Id, onMainV2!.Id], (await Store.DeleteCacheEntriesAsync(shop.Id, "deps", "refs/heads/main", None).Timed()).Select(e => e.Id));
        Assert.Empty(await Store.DeleteCacheEntriesAsync(shop.Id, "dep", null, None).Timed());
        Assert.Equal([onFeature!.Id], (await Store.DeleteCacheEntriesAsync(shop.Id, "deps", null, None).Timed()).Select(e => e.Id));
        Assert.Null(await Store.DeleteCacheEntryAsync(shop.Id, foreign!.Id, None).Timed());
        Assert.Equal(prefixed, await Store.DeleteCacheEntryAsync(shop.Id, prefixed!.Id, None).Timed());
        Assert.Null(await Store.DeleteCacheEntryAsync(shop.Id, prefixed.Id, None).Timed());
        Assert.Empty(await Store.CacheEntriesAsync(shop.Id, None).Timed());
        Assert.Equal([foreign.Id], (await Store.CacheEntriesAsync(tools.Id, None).Timed()).Select(e => e.Id));
    }

    /// <summary>
    /// A finished run of a new repository with one job that logged, summarised and completed, and everything else a
    /// repository can have: a secret, a cache entry, a concurrency row, a gate run, a quarantined test, an expired log,
    /// a fired schedule slot and a webhook delivery.
    /// </summary>
    private async Task<(RunRecord Run, JobRow Job)> FinishedRunWithEverythingAsync(string name, string lease)
    {
        var repository = await RepositoryAsync(name);
        var run = await NewRunAsync(name);
        await Store.EnterConcurrencyGroupAsync(new ConcurrencyClaim(run.Id, "", "deploy", false, null), Start, None).Timed();
        await QueueAsync(run, "build");
        var job = (await ClaimAsync(await AgentAsync("agent-" + name), lease))!.Job;
        Assert.Equal(FenceResult.Accepted, await Store.AppendLogsAsync(job.Id, 1, Hash(lease), [Line(1)], None).Timed());
        Assert.Equal(FenceResult.Accepted, await Store.SaveJobSummariesAsync(job.Id, 1, Hash(lease), ["# done"], None).Timed());
        Assert.Equal(FenceResult.Accepted, await Store.CompleteJobAsync(job.Id, 1, Hash(lease), Outcome("success"), At(5), None).Timed());
        await Store.FinishRunAsync(run.Id, "success", At(6), None).Timed();
        await Store.ExpireRunBlobsAsync(RunBlobKind.Logs, [run.Id], At(7), None).Timed();
        await Store.SetSecretAsync(repository.Id, "TOKEN", [1], Start, None).Timed();
        await Store.AddCacheEntryAsync(new NewCacheEntry(repository.Id, "refs/heads/main", "deps", "v1", "blob-" + name, 1), Start, None).Timed();
        await Store.RecordQualityRunAsync(repository.Id, new NewQualityRun(new RunHeader("c1", "t1", "main", null), [new QualityTestRow("A", null, TestOutcome.Passed, 1, 1)], null, [new BenchmarkResult("Parse", 1, 1, 1)]), Start, None).Timed();
        await Store.QuarantineTestAsync(repository.Id, new QuarantineEntry("A", "flaky", "alice", Start), None).Timed();
        Assert.True(await Store.FireScheduleSlotAsync(repository.Id, ".github/workflows/ci.yml", "0 * * * *", Start, None).Timed());
        Assert.True(await Store.RecordDeliveryAsync(repository.Id, "delivery-1", "ok", Start, None).Timed());
        return (run, job);
    }
}
