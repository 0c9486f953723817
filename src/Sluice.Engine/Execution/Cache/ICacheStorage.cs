namespace Sluice.Engine.Execution.Cache;

/// <summary>
/// Where <c>actions/cache</c> keeps its entries: a folder on this machine (<see cref="CacheStore"/>, for
/// <c>sluice run</c>), or the server, per repository, for jobs on agents. Entries are immutable tar.gz archives under
/// a key and a version (the <c>path</c> lines), found by GitHub's rules: the exact key, then the newest entry whose key
/// starts with the key or, in turn, with each restore key.
/// </summary>
public interface ICacheStorage
{
    /// <summary>The entry a restore takes, or null on a miss.</summary>
    Task<CacheMatch?> FindAsync(string key, IReadOnlyList<string> restoreKeys, string version, CancellationToken cancellationToken);

    /// <summary>Hands the entry's archive to <paramref name="read"/>, then marks the entry used (which keeps it from eviction longer).</summary>
    Task ReadAsync(CacheMatch match, Func<Stream, CancellationToken, Task> read, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the archive that <paramref name="write"/> produces under the key; <see cref="CacheSaveResult.Saved"/> is
    /// false when the key has an entry already (the first save wins). A storage failure is an <see cref="IOException"/>.
    /// </summary>
    Task<CacheSaveResult> SaveAsync(string key, string version, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);
}

/// <summary>The entry a restore found: its key (the exact one or a prefix match) and its id in the storage.</summary>
public sealed record CacheMatch(string Key, string Id);

/// <summary>Whether the entry was saved, and the keys of entries evicted to make room for it (storage that evicts later names none).</summary>
public sealed record CacheSaveResult(bool Saved, IReadOnlyList<string> Evicted);
