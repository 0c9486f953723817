namespace Sluice.Actions.Tests.Support;

/// <summary>
/// A test with a scratch folder, a loopback git host serving the repositories it makes, and stores on a cache of
/// its own; all of it is stopped and removed when the test ends.
/// </summary>
public abstract class StoreTest : IAsyncLifetime
{
    public const string Token = "tok_SluiceTest_7f3a9cQ";

    private readonly List<ActionStore> _stores = [];

    protected StoreTest()
    {
        Served = Scratch.Sub("served");
        Host = new GitHttpHost(Served);
    }

    protected Scratch Scratch { get; } = new();

    protected string Served { get; }

    protected GitHttpHost Host { get; }

    protected ActionsHost HttpHost => new(Host.BaseUrl);

    protected ActionsHost FileHost => new(new Uri(Served));

    protected string CacheFolder => System.IO.Path.Combine(Scratch.Path, "cache");

    protected TestRepository Repository(string owner, string name) => new(Served, System.IO.Path.Combine(Scratch.Path, "work"), owner, name);

    /// <summary>A store on this test's cache, disposed when the test ends.</summary>
    protected ActionStore Store(ActionsHost? host = null, string? token = null, long? maxCacheBytes = null, bool offline = false, TimeProvider? time = null, TimeSpan? networkTimeout = null, TimeSpan? refLifetime = null)
    {
        var store = new ActionStore(
            new ActionStoreOptions
            {
                CacheDirectory = CacheFolder,
                Host = host ?? HttpHost,
                Token = token,
                MaxCacheBytes = maxCacheBytes ?? 2L * 1024 * 1024 * 1024,
                Offline = offline,
                NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
                RefLifetime = refLifetime ?? TimeSpan.Zero,
            },
            time ?? TimeProvider.System);
        _stores.Add(store);
        return store;
    }

    protected static Task<FetchedRepository> Get(ActionStore store, string owner, string repository, string reference) =>
        store.GetAsync(new RepositoryRef(owner, repository, reference), CancellationToken.None).Timed();

    protected static async Task<ActionFetchException> Fails(ActionStore store, string owner, string repository, string reference) =>
        await Assert.ThrowsAsync<ActionFetchException>(() => Get(store, owner, repository, reference));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        await Host.DisposeAsync();
        Scratch.Dispose();
    }
}
