namespace Sluice.Actions;

/// <summary>A repository at one commit held in the cache.</summary>
/// <param name="Owner">The owner, as it was asked for.</param>
/// <param name="Repository">The repository, as it was asked for.</param>
/// <param name="Commit">The commit (lowercase, 40 hex digits).</param>
/// <param name="Folder">The absolute path of its files.</param>
/// <param name="Bytes">The size of its files.</param>
/// <param name="LastUsed">When a run last used it (eviction removes the least recently used first).</param>
/// <param name="Refs">The tags and branches of the store's host last known to resolve to this commit.</param>
public sealed record CachedRepository(string Owner, string Repository, string Commit, string Folder, long Bytes, DateTimeOffset LastUsed, IReadOnlyList<string> Refs);
