namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    [Fact]
    public async Task A_new_store_holds_nothing()
    {
        Assert.Empty(await Store.RepositoriesAsync(None).Timed());
        Assert.Empty(await Store.RunsAsync(null, 100, None).Timed());
        Assert.Empty(await Store.UnfinishedRunsAsync(None).Timed());
        Assert.Empty(await Store.QueuedJobsAsync(100, None).Timed());
        Assert.Empty(await Store.AgentsAsync(None).Timed());
        Assert.Empty(await Store.AuditLogAsync(100, None).Timed());
        Assert.Null(await Store.RunAsync(1, None).Timed());
        Assert.Null(await Store.JobAsync(1, None).Timed());
        Assert.Null(await Store.TokenByHashAsync(Hash("token"), None).Timed());
        Assert.Null(await Store.AgentByCredentialAsync(Hash("credential"), None).Timed());
    }

    [Fact]
    public async Task A_repository_comes_back_by_name_with_everything_it_was_added_with()
    {
        var secret = Hash("webhook secret");
        var added = await Store.AddRepositoryAsync("shop", "/srv/git/shop", 30, secret, Start, None).Timed();

        var read = await Store.RepositoryAsync("shop", None).Timed();

        Assert.NotNull(read);
        foreach (var repository in new[] { added, read })
        {
            Assert.Equal(("shop", "/srv/git/shop", 30, Start), (repository.Name, repository.Url, repository.PollSeconds, repository.CreatedAt));
            Assert.Equal(secret, repository.WebhookSecret);
            Assert.Null(repository.DefaultBranch);
            Assert.Null(repository.LastPolledSha);
        }

        Assert.Equal(added.Id, read.Id);
    }

    [Fact]
    public async Task A_repository_without_polling_or_webhook_secret_keeps_them_empty()
    {
        await Store.AddRepositoryAsync("docs", "https://git.example.test/docs.git", null, null, Start, None).Timed();

        var read = (await Store.RepositoryAsync("docs", None).Timed())!;

        Assert.Null(read.PollSeconds);
        Assert.Null(read.WebhookSecret);
    }

    [Fact]
    public async Task A_second_repository_with_a_name_taken_is_refused_with_a_store_exception_naming_it()
    {
        await Store.AddRepositoryAsync("shop", "/srv/git/shop", null, null, Start, None).Timed();

        var refused = await Assert.ThrowsAsync<StoreException>(() => Store.AddRepositoryAsync("shop", "/elsewhere", null, null, Start, None).Timed());

        Assert.Contains("'shop'", refused.Message, StringComparison.Ordinal);
        Assert.Equal("/srv/git/shop", Assert.Single(await Store.RepositoriesAsync(None).Timed()).Url);
    }

    [Fact]
    public async Task Repositories_are_listed_by_name()
    {
        foreach (var name in new[] { "zeta", "alpha", "mid" })
        {
            await Store.AddRepositoryAsync(name, $"/srv/{name}", null, null, Start, None).Timed();
        }

        Assert.Equal(["alpha", "mid", "zeta"], (await Store.RepositoriesAsync(None).Timed()).Select(r => r.Name));
        Assert.Null(await Store.RepositoryAsync("nope", None).Timed());
    }

    [Fact]
    public async Task Polling_records_the_default_branch_and_commit_and_an_empty_value_keeps_the_known_one()
    {
        var repository = await RepositoryAsync();

        await Store.SetRepositoryPolledAsync(repository.Id, "main", "aaa", None).Timed();
        await Store.SetRepositoryPolledAsync(repository.Id, null, "bbb", None).Timed();
        var afterSha = (await Store.RepositoryAsync("shop", None).Timed())!;
        await Store.SetRepositoryPolledAsync(repository.Id, "trunk", null, None).Timed();
        var afterBranch = (await Store.RepositoryAsync("shop", None).Timed())!;

        Assert.Equal(("main", "bbb"), (afterSha.DefaultBranch, afterSha.LastPolledSha));
        Assert.Equal(("trunk", "bbb"), (afterBranch.DefaultBranch, afterBranch.LastPolledSha));
    }
}
