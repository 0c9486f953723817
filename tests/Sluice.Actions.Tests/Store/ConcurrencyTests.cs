using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>A commit is downloaded once, however many threads, stores and processes ask for it at the same time.</summary>
public sealed class ConcurrencyTests : StoreTest
{
    private readonly string _commit;

    public ConcurrencyTests()
    {
        var repository = Repository("acme", "greet");
        _commit = repository.Commit("one", ("action.yml", "one"), ("index.js", "console.log('hi')\n"));
        repository.Tag("v1");
        repository.Publish();
    }

    [Fact]
    public async Task Ten_callers_of_one_store_asking_for_a_tag_at_once_resolve_and_download_it_once()
    {
        var store = Store();
        var gate = Host.HoldFetches();

        var callers = Enumerable.Range(0, 10).Select(_ => Get(store, "acme", "greet", "v1")).ToList();
        await Host.WaitForAsync(r => r.IsFetch);
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        gate.SetResult();
        var fetched = await Task.WhenAll(callers).Timed();

        Assert.Equal(1, Host.FetchCount);
        Assert.Single(Host.Requests, r => r.Method == "POST" && !r.IsFetch);
        Assert.All(fetched, f => Assert.Equal((_commit, fetched[0].Folder), (f.Commit, f.Folder)));
    }

    [Fact]
    public async Task Ten_stores_of_one_process_asking_for_a_commit_at_once_download_it_once()
    {
        var stores = Enumerable.Range(0, 10).Select(_ => Store()).ToList();
        var gate = Host.HoldFetches();

        var callers = stores.Select(s => Get(s, "acme", "greet", _commit)).ToList();
        await Host.WaitForAsync(r => r.IsFetch);
        gate.SetResult();
        var fetched = await Task.WhenAll(callers).Timed();

        Assert.Equal(1, Host.FetchCount);
        Assert.Single(fetched, f => f.Downloaded);
        Assert.All(fetched, f => Assert.Equal("one", File.ReadAllText(Path.Combine(f.Folder, "action.yml"))));
    }

    [Fact]
    public async Task A_second_process_asking_while_this_one_downloads_waits_for_it_and_downloads_nothing()
    {
        var gate = Host.HoldFetches();
        var downloading = Get(Store(), "acme", "greet", _commit);
        await Host.WaitForAsync(r => r.IsFetch);

        using var second = SecondProcess.Start("get", CacheFolder, Host.BaseUrl.AbsoluteUri, "acme", "greet", _commit);
        var firstLine = await second.StandardOutput.ReadLineAsync().Timed();
        Assert.Equal("waiting", firstLine);
        gate.SetResult();
        var mine = await downloading;
        var theirs = await second.StandardOutput.ReadToEndAsync().Timed();
        await second.WaitForExitAsync().Timed();

        Assert.True(mine.Downloaded);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"got {_commit} downloaded=False folder={mine.Folder}", theirs.Trim());
        Assert.Equal(1, Host.FetchCount);
    }

    [Fact]
    public async Task This_process_asking_while_a_second_process_downloads_waits_for_it_and_downloads_nothing()
    {
        var gate = Host.HoldFetches();
        using var second = SecondProcess.Start("get", CacheFolder, Host.BaseUrl.AbsoluteUri, "acme", "greet", "v1");
        await Host.WaitForAsync(r => r.IsFetch);

        var store = Store();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Hooks.WaitingForLock = _ => waiting.TrySetResult();
        var mine = Get(store, "acme", "greet", "v1");
        await waiting.Task.Timed();
        gate.SetResult();
        var fetched = await mine;
        var theirs = await second.StandardOutput.ReadToEndAsync().Timed();
        await second.WaitForExitAsync().Timed();

        Assert.False(fetched.Downloaded);
        Assert.Equal(_commit, fetched.Commit);
        Assert.Equal($"got {_commit} downloaded=True folder={fetched.Folder}", theirs.Trim());
        Assert.Equal(1, Host.FetchCount);
    }

    [Fact]
    public async Task A_folder_removed_by_hand_while_another_store_uses_it_fails_long_before_the_lock_wait_limit()
    {
        var user = Store();
        var fetched = await Get(user, "acme", "greet", _commit);
        Directory.Delete(fetched.Folder, recursive: true);

        var error = await Fails(Store(), "acme", "greet", _commit);

        Assert.Equal(ActionFetchFailure.Other, error.Failure);
        Assert.Contains("is gone from the action cache while another process uses it", error.Message);
    }
}
