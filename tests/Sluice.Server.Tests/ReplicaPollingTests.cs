using Microsoft.Extensions.Time.Testing;
using Sluice.Server.Tests.Infrastructure;
using Sluice.Server.Triggers;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>--poll</c> with two replicas on one PostgreSQL schema, each with its own data folder: what one replica's look saw
/// is in the database, so a push is run once, by the replica that saw it first, and not again by the other.
/// </summary>
public sealed class ReplicaPollingTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
    private PostgresTestSchema _schema = null!;
    private SluiceServer _a = null!;
    private SluiceServer _b = null!;
    private TestRepository _source = null!;
    private Storage.RepositoryRecord _shop = null!;

    /// <summary>Two replicas, each with its own data folder, and a repository with a push workflow added through A.</summary>
    public async Task InitializeAsync()
    {
        _schema = await PostgresTestSchema.CreateAsync();
        _a = await InProcessReplica.StartAsync(_schema, Path.Combine(_root.Path, "data-a"), _clock);
        _b = await InProcessReplica.StartAsync(_schema, Path.Combine(_root.Path, "data-b"), _clock);
        _source = new TestRepository(Path.Combine(_root.Path, "served"), Path.Combine(_root.Path, "work"), "tests", "shop");
        _source.Commit("initial", (".github/workflows/ci.yml", "on: push\njobs:\n  build:\n    runs-on: linux\n    steps:\n      - run: echo built\n"));
        _shop = await _a.State.Store.AddRepositoryAsync("shop", _source.Work, null, null, _clock.GetUtcNow(), None).WaitAsync(Within);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _schema.DisposeAsync();
        _root.Dispose();
    }

    [Fact(Timeout = 300_000)]
    public async Task A_push_seen_by_one_replicas_poll_is_not_run_again_by_the_others()
    {
        await new RepositoryPoller(_a.State).PollAsync(_shop, None).WaitAsync(Within);
        Assert.Empty(await _a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));

        // B's first look on its empty folder knows what A saw, so the push is new to it; A's next look finds nothing new.
        var pushed = _source.Commit("second", ("README.md", "pushed\n"));
        await new RepositoryPoller(_b.State).PollAsync(_shop, None).WaitAsync(Within);
        Assert.Single(await _a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));
        await new RepositoryPoller(_a.State).PollAsync(_shop, None).WaitAsync(Within);
        await new RepositoryPoller(_b.State).PollAsync(_shop, None).WaitAsync(Within);

        var run = Assert.Single(await _a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));
        Assert.Equal((pushed, "refs/heads/main", "push"), (run.Sha, run.Ref, run.Event));
        Assert.False(File.Exists(Path.Combine(_root.Path, "data-b", "repos", $"{_shop.Id}.git.polled")));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_push_both_replicas_see_at_the_same_moment_is_run_once()
    {
        await new RepositoryPoller(_a.State).PollAsync(_shop, None).WaitAsync(Within);

        var before = await ReadAsync(_a, RepositoryPoller.SeenBlob(_shop));

        // Both look at once; then B looks as if it had read what was seen before A wrote what it saw (the race, made
        // certain): without the change recorded under a unique key, B would start the push a second time.
        var pushed = _source.Commit("second", ("README.md", "pushed\n"));
        await Task.WhenAll(new RepositoryPoller(_a.State).PollAsync(_shop, None), new RepositoryPoller(_b.State).PollAsync(_shop, None)).WaitAsync(Within);
        await _b.State.Blobs.WriteAsync(RepositoryPoller.SeenBlob(_shop), new MemoryStream(before), None).WaitAsync(Within);
        await new RepositoryPoller(_b.State).PollAsync(_shop, None).WaitAsync(Within);

        var run = Assert.Single(await _a.State.Store.RunsAsync("shop", 10, None).WaitAsync(Within));
        Assert.Equal((pushed, "refs/heads/main", "push"), (run.Sha, run.Ref, run.Event));
    }

    private static async Task<byte[]> ReadAsync(SluiceServer server, string blob)
    {
        await using var stream = (await server.State.Blobs.OpenAsync(blob, None).WaitAsync(Within))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, None);
        return copy.ToArray();
    }
}
