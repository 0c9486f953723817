using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>Cancelling a call, disposing a store and bad options behave as a caller would expect.</summary>
public sealed class LifetimeTests : StoreTest
{
    private readonly string _commit;

    public LifetimeTests()
    {
        var repository = Repository("acme", "greet");
        _commit = repository.Commit("one", ("action.yml", "one"));
        repository.Publish();
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_while_the_download_goes_on_for_the_others()
    {
        var store = Store();
        var gate = Host.HoldFetches();
        using var cancel = new CancellationTokenSource();

        var cancelled = store.GetAsync(new RepositoryRef("acme", "greet", _commit), cancel.Token).Timed();
        var other = Get(store, "acme", "greet", _commit);
        await Host.WaitForAsync(r => r.IsFetch);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.SetResult();

        Assert.Equal(_commit, (await other).Commit);
        Assert.Equal(1, Host.FetchCount);
    }

    [Fact]
    public async Task Disposing_a_store_stops_its_download_and_leaves_nothing_half_written()
    {
        var store = Store();
        Host.HoldFetches();
        var getting = Get(store, "acme", "greet", _commit);
        await Host.WaitForAsync(r => r.IsFetch);

        store.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => getting);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(CacheFolder, "acme", "greet")), p => !p.EndsWith(".lock", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Get(store, "acme", "greet", _commit));
    }

    [Theory]
    [InlineData("", 1L, 60, "CacheDirectory")]
    [InlineData("/tmp/cache", 0L, 60, "MaxCacheBytes")]
    [InlineData("/tmp/cache", 1L, 0, "NetworkTimeout")]
    public void Options_that_cannot_work_are_refused_naming_the_option(string cache, long maxBytes, int timeoutSeconds, string named)
    {
        var options = new ActionStoreOptions { CacheDirectory = cache, MaxCacheBytes = maxBytes, NetworkTimeout = TimeSpan.FromSeconds(timeoutSeconds) };

        var error = Assert.Throws<ArgumentException>(() => new ActionStore(options, TimeProvider.System));

        Assert.StartsWith(named, error.Message);
    }

    [Fact]
    public async Task A_cache_folder_that_cannot_be_made_fails_as_other_saying_which_folder()
    {
        var file = Path.Combine(Scratch.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        using var store = new ActionStore(new ActionStoreOptions { CacheDirectory = Path.Combine(file, "cache"), Host = HttpHost }, TimeProvider.System);

        var error = await Fails(store, "acme", "greet", _commit);

        Assert.Equal(ActionFetchFailure.Other, error.Failure);
        Assert.Contains($"the action cache folder {Path.Combine(file, "cache")} cannot be created", error.Message);
    }

    [Fact]
    public async Task A_cache_that_cannot_be_written_fails_as_other_instead_of_crashing()
    {
        Directory.CreateDirectory(Path.Combine(CacheFolder, "acme"));
        await File.WriteAllTextAsync(Path.Combine(CacheFolder, "acme", "greet"), "a file where a folder belongs");

        var error = await Fails(Store(), "acme", "greet", _commit);

        Assert.Equal(ActionFetchFailure.Other, error.Failure);
        Assert.Contains($"the action cache {CacheFolder} could not be used for acme/greet@{_commit}", error.Message);
    }

    [Fact]
    public async Task A_missing_git_fails_as_other_saying_to_install_it()
    {
        using var store = new ActionStore(new ActionStoreOptions { CacheDirectory = CacheFolder, Host = HttpHost, GitPath = Path.Combine(Scratch.Path, "no-git-here") }, TimeProvider.System);

        var error = await Fails(store, "acme", "greet", _commit);

        Assert.Equal(ActionFetchFailure.Other, error.Failure);
        Assert.Contains("install git", error.Message);
    }

    [Theory]
    [InlineData("/xdg", "/home/me", "/xdg/sluice/actions")]
    [InlineData(null, "/home/me", "/home/me/.cache/sluice/actions")]
    [InlineData("relative", "/home/me", "/home/me/.cache/sluice/actions")]
    public void The_default_cache_folder_follows_the_XDG_convention(string? xdg, string home, string expected)
    {
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = xdg, ["HOME"] = home };

        Assert.Equal(expected, ActionStoreOptions.DefaultCacheDirectory(name => environment.GetValueOrDefault(name)));
    }
}
