using System.Globalization;
using Sluice.Actions.Cache;

namespace Sluice.Actions;

/// <summary>
/// Keeping the cache under its size bound: after a download, the least recently used entries are removed until
/// the cache fits, skipping every entry a process holds (a shared lock on its lock file, taken by each store that
/// returned it, released when that store is disposed or its process ends). One process evicts at a time.
/// </summary>
public sealed partial class ActionStore
{
    /// <summary>What is in the cache, most recently used first within each repository.</summary>
    public IReadOnlyList<CachedRepository> List()
    {
        var result = new List<CachedRepository>();
        foreach (var repository in _layout.Entries().GroupBy(e => (e.Owner, e.Repository)))
        {
            var refs = _refRecords.All(repository.Key.Owner, repository.Key.Repository);
            foreach (var entry in repository)
            {
                if (Measure(entry) is { } facts)
                {
                    var names = refs.Where(r => r.Commit == entry.Commit).Select(r => r.Ref).Order(StringComparer.Ordinal).ToList();
                    result.Add(new CachedRepository(entry.Owner, entry.Repository, entry.Commit, entry.Folder, facts.Bytes, facts.LastUsed, names));
                }
            }
        }

        return [.. result.OrderBy(r => r.Owner, StringComparer.Ordinal).ThenBy(r => r.Repository, StringComparer.Ordinal).ThenByDescending(r => r.LastUsed)];
    }

    /// <summary>Evicts until the cache fits; entries in use stay, even when that leaves it over the bound.</summary>
    internal void Evict()
    {
        using var evicting = EntryLock.TryExclusive(_layout.EvictionLock);
        if (evicting is null)
        {
            return;
        }

        foreach (var leftover in _layout.Leftovers())
        {
            using var unused = EntryLock.TryExclusive(leftover.LockFile);
            if (unused is not null)
            {
                DeleteTree(leftover.PartialFolder);
            }
        }

        var entries = _layout.Entries()
            .Select(e => (Entry: e, Facts: Measure(e)))
            .Where(e => e.Facts is not null)
            .Select(e => (e.Entry, e.Facts!.Value.Bytes, e.Facts.Value.LastUsed))
            .OrderBy(e => e.LastUsed)
            .ToList();
        var total = entries.Sum(e => e.Bytes);
        foreach (var (entry, bytes, _) in entries)
        {
            if (total <= _options.MaxCacheBytes)
            {
                break;
            }

            using var unused = EntryLock.TryExclusive(entry.LockFile);
            if (unused is null || !Directory.Exists(entry.Folder))
            {
                continue;
            }

            // Renamed away first, so the entry disappears at once and a crash mid-way leaves only a leftover.
            DeleteTree(entry.PartialFolder);
            Directory.Move(entry.Folder, entry.PartialFolder);
            File.Delete(entry.SizeFile);
            DeleteTree(entry.PartialFolder);
            total -= bytes;
        }
    }

    private void EvictQuietly()
    {
        try
        {
            Evict();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's entry, or one vanishing under us: the next download tries again.
        }
    }

    /// <summary>An entry's size (recorded when it was downloaded, else counted) and last use; null when it has vanished.</summary>
    private static (long Bytes, DateTimeOffset LastUsed)? Measure(CacheEntry entry)
    {
        try
        {
            if (!Directory.Exists(entry.Folder))
            {
                return null;
            }

            var lastUsed = new DateTimeOffset(Directory.GetLastWriteTimeUtc(entry.Folder), TimeSpan.Zero);
            var bytes = File.Exists(entry.SizeFile) && long.TryParse(File.ReadAllText(entry.SizeFile), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                ? size
                : Count(entry.Folder);
            return (bytes, lastUsed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Count(string folder) =>
        new DirectoryInfo(folder)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .Sum(f => f.Length);
}
