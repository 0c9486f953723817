using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Tests.Infrastructure;
using Sluice.Server.Triggers;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>--poll</c> with two replicas on one PostgreSQL schema, each with its own data folder: what one replica's look saw
/// is in the database, so a push is run once, by the replica that saw it first, and not again by the other.
/// </summary>
public sealed class ReplicaPollingTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();

    [Fact(Timeout = 300_000)]
    public async Task A_push_seen_by_one_replicas_poll_is_not_run_again_by_the_others()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
        ServerOptions Replica(string name) => new()
        {
            DataDirectory = Path.Combine(_root.Path, name),
            Database = schema.Database,
            Listen = "127.0.0.1:0",
            LogFormat = "none",
        };
        await using var a = await SluiceServer.StartAsync(Replica("data-a"), clock, null, None).WaitAsync(Within);
        await using var b = await SluiceServer.StartAsync(Replica("data-b"), clock, null, None).WaitAsync(Within);
        var source = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "shop");
        source.Commit("initial", (".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: linux\n    steps:\n      - run: echo built\n"));
        var shop = await a.State.Store.AddRepositoryAsync("shop", source.Work, null, null, clock.GetUtcNow(), None).WaitAsync(Within);

        await new RepositoryPoller(a.State).PollAsync(shop, None).WaitAsync(Within);
        Assert.Empty(await a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));

        // B's first look on its empty folder knows what A saw, so the push is new to it; A's next look finds nothing new.
        var pushed = source.Commit("second", ("README.md", "pushed\n"));
        await new RepositoryPoller(b.State).PollAsync(shop, None).WaitAsync(Within);
        Assert.Single(await a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));
        await new RepositoryPoller(a.State).PollAsync(shop, None).WaitAsync(Within);
        await new RepositoryPoller(b.State).PollAsync(shop, None).WaitAsync(Within);

        var run = Assert.Single(await a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));
        Assert.Equal((pushed, "refs/heads/main", "push"), (run.Sha, run.Ref, run.Event));
        Assert.False(File.Exists(Path.Combine(_root.Path, "data-b", "repos", $"{shop.Id}.git.polled")));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_push_both_replicas_see_at_the_same_moment_is_run_once()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
        ServerOptions Replica(string name) => new()
        {
            DataDirectory = Path.Combine(_root.Path, name),
            Database = schema.Database,
            Listen = "127.0.0.1:0",
            LogFormat = "none",
        };
        await using var a = await SluiceServer.StartAsync(Replica("data-a"), clock, null, None).WaitAsync(Within);
        await using var b = await SluiceServer.StartAsync(Replica("data-b"), clock, null, None).WaitAsync(Within);
        var source = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "shop");
        source.Commit("initial", (".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: linux\n    steps:\n      - run: echo built\n"));
        var shop = await a.State.Store.AddRepositoryAsync("shop", source.Work, null, null, clock.GetUtcNow(), None).WaitAsync(Within);
        await new RepositoryPoller(a.State).PollAsync(shop, None).WaitAsync(Within);

        var before = await ReadAsync(a, RepositoryPoller.SeenBlob(shop));

        // Both look at once; then B looks as if it had read what was seen before A wrote what it saw (the race, made
        // certain): without the change recorded under a unique key, B would start the push a second time.
        var pushed = source.Commit("second", ("README.md", "pushed\n"));
        await Task.WhenAll(new RepositoryPoller(a.State).PollAsync(shop, None), new RepositoryPoller(b.State).PollAsync(shop, None)).WaitAsync(Within);
        await b.State.Blobs.WriteAsync(RepositoryPoller.SeenBlob(shop), new MemoryStream(before), None).WaitAsync(Within);
        await new RepositoryPoller(b.State).PollAsync(shop, None).WaitAsync(Within);

        var run = Assert.Single(await a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));
        Assert.Equal((pushed, "refs/heads/main", "push"), (run.Sha, run.Ref, run.Event));
    }

    private static async Task<byte[]> ReadAsync(SluiceServer server, string blob)
    {
        await using var stream = (await server.State.Blobs.OpenAsync(blob, None).WaitAsync(Within))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, None);
        return copy.ToArray();
    }

    public void Dispose() => _root.Dispose();
}
