using Microsoft.Extensions.Time.Testing;
using Sluice.Actions.Tests.Support;

namespace Sluice.Actions.Tests.Store;

/// <summary>The cache stays under its bound by evicting the least recently used commits that no store holds.</summary>
public sealed class EvictionTests : StoreTest
{
    private const int FileBytes = 100_000;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly string[] _commits;

    public EvictionTests()
    {
        var repository = Repository("acme", "big");
        _commits = new[] { "one", "two", "three" }
            .Select(name => repository.Commit(name, ("blob.txt", new string(name[0], FileBytes))))
            .ToArray();
        repository.Publish();
    }

    /// <summary>Uses the commit in a store of its own at the next minute, and lets it go.</summary>
    private async Task UseAsync(int commit, long bound)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        using var store = Store(time: _time, maxCacheBytes: bound);
        await Get(store, "acme", "big", _commits[commit]);
    }

    private string[] Cached() => [.. Store().List().Select(c => c.Commit).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_least_recently_used_commit_is_evicted_and_the_cache_stays_under_its_bound()
    {
        const long bound = (2 * FileBytes) + (FileBytes / 2);
        await UseAsync(0, bound);
        await UseAsync(1, bound);
        await UseAsync(0, bound);
        await UseAsync(2, bound);

        Assert.Equal(new[] { _commits[0], _commits[2] }.Order(StringComparer.Ordinal), Cached());
        Assert.True(Store().List().Sum(c => c.Bytes) <= bound);
        Assert.False(Directory.Exists(Path.Combine(CacheFolder, "acme", "big", _commits[1])));
        Assert.False(File.Exists(Path.Combine(CacheFolder, "acme", "big", _commits[1] + ".size")));
    }

    [Fact]
    public async Task A_commit_a_store_still_holds_is_never_evicted_even_when_it_is_the_oldest()
    {
        const long bound = FileBytes + (FileBytes / 2);
        _time.Advance(TimeSpan.FromMinutes(1));
        var running = Store(time: _time, maxCacheBytes: bound);
        var held = await Get(running, "acme", "big", _commits[0]);
        await UseAsync(1, bound);
        await UseAsync(2, bound);

        Assert.True(Directory.Exists(held.Folder));
        Assert.Equal(new[] { _commits[0], _commits[2] }.Order(StringComparer.Ordinal), Cached());
    }

    [Fact]
    public async Task The_last_use_is_the_time_of_the_store_that_used_it()
    {
        await UseAsync(0, long.MaxValue);

        var listed = Assert.Single(Store().List());

        Assert.Equal(_time.GetUtcNow(), listed.LastUsed);
        Assert.Equal(FileBytes, listed.Bytes);
    }

    [Fact]
    public async Task What_a_crashed_download_left_is_removed_by_the_next_eviction()
    {
        var leftover = Path.Combine(CacheFolder, "acme", "big", new string('e', 40) + ".partial");
        Directory.CreateDirectory(Path.Combine(leftover, "git"));
        await File.WriteAllTextAsync(Path.Combine(leftover, "git", "junk"), "half a download");

        await UseAsync(0, long.MaxValue);

        Assert.False(Directory.Exists(leftover));
    }
}
