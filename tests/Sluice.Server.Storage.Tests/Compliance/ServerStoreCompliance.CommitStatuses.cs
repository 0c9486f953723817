namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task A_repositorys_commit_status_target_is_set_replaced_and_turned_off()
    {
        var shop = await RepositoryAsync("shop");
        var tools = await RepositoryAsync("tools");
        await Store.SetCommitStatusTargetAsync(shop.Id, new CommitStatusTarget(shop.Id, "github", "https://api.github.com", "acme/shop", [1, 2], At(1)), None).Timed();
        await Store.SetCommitStatusTargetAsync(shop.Id, new CommitStatusTarget(shop.Id, "gitlab", "https://gitlab.example.test/api/v4", "acme/shop", [3], At(2)), None).Timed();

        Assert.Equal(("gitlab", "https://gitlab.example.test/api/v4", "acme/shop", At(2)), await Store.CommitStatusTargetAsync(shop.Id, None).Timed() is { } t ? (t.Host, t.ApiUrl, t.Path, t.UpdatedAt) : default);
        Assert.Equal([3], (await Store.CommitStatusTargetAsync(shop.Id, None).Timed())!.SealedToken);
        Assert.Null(await Store.CommitStatusTargetAsync(tools.Id, None).Timed());
        Assert.Equal([shop.Id], await Store.CommitStatusRepositoriesAsync(None).Timed());

        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "pending"), At(3), None).Timed();
        await Store.SetCommitStatusTargetAsync(shop.Id, null, None).Timed();

        Assert.Null(await Store.CommitStatusTargetAsync(shop.Id, None).Timed());
        Assert.Empty(await Store.CommitStatusesAsync(shop.Id, Sha, None).Timed());
        Assert.Empty(await Store.CommitStatusRepositoriesAsync(None).Timed());
    }

    [Fact]
    public async Task A_newer_state_replaces_one_not_sent_and_the_same_state_again_changes_nothing()
    {
        var shop = await RepositoryAsync("shop");

        Assert.True(await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "pending", "Queued"), At(1), None).Timed());
        Assert.False(await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "pending", "Queued"), At(2), None).Timed());
        Assert.True(await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "success", "Succeeded in 3s"), At(3), None).Timed());
        Assert.True(await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/test", "pending", "Queued"), At(4), None).Timed());

        var rows = await Store.CommitStatusesAsync(shop.Id, Sha, None).Timed();
        Assert.Equal([("sluice/ci/build", "success", "Succeeded in 3s", 2L, At(3)), ("sluice/ci/test", "pending", "Queued", 1L, At(4))], rows.Select(r => (r.Context, r.State, r.Description, r.Version, r.ChangedAt)));
        Assert.All(rows, r => Assert.Equal((CommitStatusOutcomes.Waiting, 0, "https://ci.example.test/runs/1", "refs/heads/main"), (r.Outcome, r.Attempts, r.TargetUrl, r.Ref)));
        Assert.Equal(At(3), await Store.NextCommitStatusAtAsync(None).Timed());
    }

    [Fact]
    public async Task A_status_is_claimed_by_one_claimant_at_a_time_until_its_claim_runs_out()
    {
        var shop = await RepositoryAsync("shop");
        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "pending"), At(1), None).Timed();
        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/test", "pending"), At(5), None).Timed();

        var early = await Store.ClaimCommitStatusesAsync("a", At(2), At(62), 10, None).Timed();
        var first = await Store.ClaimCommitStatusesAsync("a", At(10), At(70), 10, None).Timed();
        var other = await Store.ClaimCommitStatusesAsync("b", At(11), At(71), 10, None).Timed();
        var afterExpiry = await Store.ClaimCommitStatusesAsync("b", At(80), At(140), 10, None).Timed();

        Assert.Equal(["sluice/ci/build"], early.Select(r => r.Context));
        Assert.Equal(["sluice/ci/test"], first.Select(r => r.Context));
        Assert.Empty(other);
        Assert.Equal(["sluice/ci/build", "sluice/ci/test"], afterExpiry.Select(r => r.Context));
        Assert.False(await Store.SettleCommitStatusAsync(early[0].Id, early[0].Version, "a", CommitStatusOutcomes.Sent, null, null, None).Timed());
        Assert.True(await Store.SettleCommitStatusAsync(early[0].Id, early[0].Version, "b", CommitStatusOutcomes.Sent, null, null, None).Timed());
    }

    [Fact]
    public async Task A_settled_status_is_sent_retried_later_or_abandoned_and_a_newer_state_is_sent_after_the_older()
    {
        var shop = await RepositoryAsync("shop");
        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "pending"), At(1), None).Timed();
        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/test", "pending"), At(1), None).Timed();
        var claimed = await Store.ClaimCommitStatusesAsync("a", At(2), At(60), 10, None).Timed();
        var build = claimed.Single(r => r.Context == "sluice/ci/build");
        var test = claimed.Single(r => r.Context == "sluice/ci/test");

        // While the pending build status is being posted, the build ends: the success is sent after it, not lost.
        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "success"), At(3), None).Timed();
        Assert.Empty(await Store.ClaimCommitStatusesAsync("b", At(4), At(64), 10, None).Timed());
        Assert.True(await Store.SettleCommitStatusAsync(build.Id, build.Version, "a", CommitStatusOutcomes.Sent, null, null, None).Timed());
        Assert.True(await Store.SettleCommitStatusAsync(test.Id, test.Version, "a", CommitStatusOutcomes.Waiting, At(30), "HTTP 502", None).Timed());

        var rows = await Store.CommitStatusesAsync(shop.Id, Sha, None).Timed();
        Assert.Equal([("sluice/ci/build", "success", CommitStatusOutcomes.Waiting, 0, null), ("sluice/ci/test", "pending", CommitStatusOutcomes.Waiting, 1, "HTTP 502")], rows.Select(r => (r.Context, r.State, r.Outcome, r.Attempts, r.LastError)));
        Assert.Equal(At(3), await Store.NextCommitStatusAtAsync(None).Timed());
        var next = await Store.ClaimCommitStatusesAsync("b", At(5), At(65), 10, None).Timed();
        Assert.Equal([("sluice/ci/build", "success")], next.Select(r => (r.Context, r.State)));
        Assert.True(await Store.SettleCommitStatusAsync(next[0].Id, next[0].Version, "b", CommitStatusOutcomes.Sent, null, null, None).Timed());
        var retried = await Store.ClaimCommitStatusesAsync("b", At(30), At(90), 10, None).Timed();
        Assert.Equal(["sluice/ci/test"], retried.Select(r => r.Context));
        Assert.True(await Store.SettleCommitStatusAsync(retried[0].Id, retried[0].Version, "b", CommitStatusOutcomes.Abandoned, null, "HTTP 404: Not Found", None).Timed());

        Assert.Equal([(CommitStatusOutcomes.Sent, 1), (CommitStatusOutcomes.Abandoned, 2)], (await Store.CommitStatusesAsync(shop.Id, Sha, None).Timed()).Select(r => (r.Outcome, r.Attempts)));
        Assert.Null(await Store.NextCommitStatusAtAsync(None).Timed());
        Assert.Empty(await Store.ClaimCommitStatusesAsync("b", At(3600), At(3660), 10, None).Timed());

        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/lint", "pending"), At(3), None).Timed();
        Assert.Equal(0, await Store.DeleteSettledCommitStatusesAsync(At(1), None).Timed());
        Assert.Equal(2, await Store.DeleteSettledCommitStatusesAsync(At(4), None).Timed());
        Assert.Equal(["sluice/ci/lint"], (await Store.CommitStatusesAsync(shop.Id, Sha, None).Timed()).Select(r => r.Context));
    }

    [Fact]
    public async Task Removing_a_repository_removes_its_commit_statuses_and_target()
    {
        var shop = await RepositoryAsync("shop");
        await Store.SetCommitStatusTargetAsync(shop.Id, new CommitStatusTarget(shop.Id, "gitea", "https://gitea.example.test/api/v1", "acme/shop", [1], At(1)), None).Timed();
        await Store.EnqueueCommitStatusAsync(Status(shop.Id, "sluice/ci/build", "pending"), At(1), None).Timed();

        Assert.Equal(RemovalOutcome.Removed, (await Store.RemoveRepositoryAsync(shop.Id, None).Timed()).Outcome);
        Assert.Null(await Store.CommitStatusTargetAsync(shop.Id, None).Timed());
        Assert.Empty(await Store.CommitStatusesAsync(shop.Id, Sha, None).Timed());
    }

    private static NewCommitStatus Status(long repositoryId, string context, string state, string description = "Queued") =>
        new(repositoryId, Sha, context, state, description, "https://ci.example.test/runs/1", "refs/heads/main");
}
