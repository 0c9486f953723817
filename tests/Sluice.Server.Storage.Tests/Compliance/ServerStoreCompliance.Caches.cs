namespace Sluice.Server.Storage.Tests;

public abstract partial class ServerStoreCompliance
{
    private const string Main = "refs/heads/main";
    private const string Feature = "refs/heads/feature";
    private const string Version = "v1";

    [Fact]
    public async Task A_cache_entry_is_saved_once_per_scope_key_and_version_and_the_first_save_wins()
    {
        var shop = await RepositoryAsync();

        var first = await SaveCacheAsync(shop, Main, "deps-abc", seconds: 1, blob: "first");
        var again = await Store.AddCacheEntryAsync(new NewCacheEntry(shop.Id, Main, "deps-abc", Version, "second", 99), At(2), None).Timed();

        Assert.NotNull(first);
        Assert.Null(again);
        Assert.Equal(new CacheEntryRow(first.Id, shop.Id, Main, "deps-abc", Version, "first", 10, At(1), At(1)), await Store.CacheEntryAsync(first.Id, None).Timed());
        Assert.NotNull(await SaveCacheAsync(shop, Main, "deps-abc", seconds: 3, version: "v2"));
        Assert.NotNull(await SaveCacheAsync(shop, Feature, "deps-abc", seconds: 4));
        Assert.NotNull(await SaveCacheAsync(await RepositoryAsync("other"), Main, "deps-abc", seconds: 5));
        Assert.Null(await Store.CacheEntryAsync(long.MaxValue, None).Timed());
    }

    [Fact]
    public async Task A_restore_takes_the_exact_key_before_any_prefix_and_otherwise_the_newest_entry_of_the_first_prefix_that_matches()
    {
        var shop = await RepositoryAsync();
        var older = await SaveCacheAsync(shop, Main, "npm-linux-aaa", seconds: 1);
        var newer = await SaveCacheAsync(shop, Main, "npm-linux-bbb", seconds: 2);
        var exact = await SaveCacheAsync(shop, Main, "npm-linux", seconds: 0);
        var other = await SaveCacheAsync(shop, Main, "npm-macos-ccc", seconds: 3);

        Assert.Equal(exact.Id, (await FindCacheAsync(shop, [Main], "npm-linux"))?.Id);
        Assert.Equal(newer.Id, (await FindCacheAsync(shop, [Main], "npm-linux-", "npm-"))?.Id);
        Assert.Equal(older.Id, (await FindCacheAsync(shop, [Main], "npm-linux-aaa"))?.Id);
        Assert.Equal(other.Id, (await FindCacheAsync(shop, [Main], "npm-windows-zzz", "npm-macos-", "npm-linux-"))?.Id);
        Assert.Equal(newer.Id, (await FindCacheAsync(shop, [Main], "npm-windows-zzz", "npm-linux-", "npm-macos-"))?.Id);
        Assert.Null(await FindCacheAsync(shop, [Main], "npm-windows-zzz", "pip-"));
        Assert.Null(await FindCacheOfVersionAsync(shop, [Main], "npm-linux-aaa", "paths-changed"));
    }

    [Fact]
    public async Task A_restore_looks_in_the_runs_own_scope_first_then_the_next_and_never_in_another_branch()
    {
        var shop = await RepositoryAsync();
        var onMain = await SaveCacheAsync(shop, Main, "deps-1", seconds: 1);
        var onFeature = await SaveCacheAsync(shop, Feature, "deps-2", seconds: 2);
        await SaveCacheAsync(shop, "refs/heads/elsewhere", "deps-3", seconds: 3);
        await SaveCacheAsync(shop, "refs/heads/elsewhere", "only-elsewhere", seconds: 4);

        // The feature branch's prefix match wins over main's; main is still searched when the feature has nothing.
        Assert.Equal(onFeature.Id, (await FindCacheAsync(shop, [Feature, Main], "deps-"))?.Id);
        Assert.Equal(onMain.Id, (await FindCacheAsync(shop, [Feature, Main], "deps-1"))?.Id);
        Assert.Equal(onMain.Id, (await FindCacheAsync(shop, [Feature, Main], "x", "deps-1"))?.Id);
        Assert.Equal(onMain.Id, (await FindCacheAsync(shop, [Main], "deps-"))?.Id);
        Assert.Null(await FindCacheAsync(shop, [Feature, Main], "only-elsewhere"));
        Assert.Null(await FindCacheAsync(await RepositoryAsync("other"), [Main], "deps-"));
    }

    [Fact]
    public async Task Keys_are_compared_as_text_so_wildcard_and_quote_characters_match_only_themselves()
    {
        var shop = await RepositoryAsync();
        var percent = await SaveCacheAsync(shop, Main, "a%_'; DROP TABLE cache_entries; --", seconds: 1);
        await SaveCacheAsync(shop, Main, "abc", seconds: 2);
        var unicode = await SaveCacheAsync(shop, Main, "naïve-日本-🚀-1", seconds: 3);

        Assert.Equal(percent.Id, (await FindCacheAsync(shop, [Main], "a%"))?.Id);
        Assert.Null(await FindCacheAsync(shop, [Main], "a_"));
        Assert.Null(await FindCacheAsync(shop, [Main], "ABC"));
        Assert.Equal(unicode.Id, (await FindCacheAsync(shop, [Main], "naïve-日本-🚀"))?.Id);
    }

    [Fact]
    public async Task Entries_unused_for_too_long_go_first_then_each_repository_keeps_its_most_recently_used_under_the_size_limit()
    {
        var shop = await RepositoryAsync();
        var other = await RepositoryAsync("other");
        var stale = await SaveCacheAsync(shop, Main, "stale", seconds: 0, size: 1);
        var used = await SaveCacheAsync(shop, Main, "used", seconds: 10, size: 40);
        var recent = await SaveCacheAsync(shop, Main, "recent", seconds: 20, size: 40);
        var latest = await SaveCacheAsync(shop, Feature, "latest", seconds: 30, size: 40);
        var elsewhere = await SaveCacheAsync(other, Main, "elsewhere", seconds: 10, size: 90);
        await Store.TouchCacheEntryAsync(used.Id, At(40), None).Timed();
        await Store.TouchCacheEntryAsync(used.Id, At(35), None).Timed(); // an older touch never moves it back

        var removed = await Store.RemoveStaleCacheEntriesAsync(At(5), 100, None).Timed();

        Assert.Equal(["stale", "recent"], removed.Select(e => e.Key));
        Assert.Equal(["used", "latest"], (await Store.CacheEntriesAsync(shop.Id, None).Timed()).Select(e => e.Key));
        Assert.Equal(At(40), (await Store.CacheEntryAsync(used.Id, None).Timed())!.LastUsedAt);
        Assert.Equal([elsewhere.Id], (await Store.CacheEntriesAsync(other.Id, None).Timed()).Select(e => e.Id));
        Assert.Empty(await Store.RemoveStaleCacheEntriesAsync(At(5), 100, None).Timed());
        Assert.Equal([latest.Id, elsewhere.Id], (await Store.RemoveStaleCacheEntriesAsync(At(5), 0, None).Timed()).Select(e => e.Id).Except([used.Id]).Order());
        Assert.Null(await Store.CacheEntryAsync(recent.Id, None).Timed());
    }

    private async Task<CacheEntryRow> SaveCacheAsync(RepositoryRecord repository, string scope, string key, int seconds, string? version = null, long size = 10, string? blob = null) =>
        (await Store.AddCacheEntryAsync(new NewCacheEntry(repository.Id, scope, key, version ?? Version, blob ?? $"{scope}-{key}-{version}", size), At(seconds), None).Timed())!;

    private Task<CacheEntryRow?> FindCacheAsync(RepositoryRecord repository, string[] scopes, string key, params string[] restoreKeys) =>
        FindCacheOfVersionAsync(repository, scopes, key, Version, restoreKeys);

    private Task<CacheEntryRow?> FindCacheOfVersionAsync(RepositoryRecord repository, string[] scopes, string key, string version, params string[] restoreKeys) =>
        Store.FindCacheEntryAsync(repository.Id, scopes, key, restoreKeys, version, None).Timed();
}
