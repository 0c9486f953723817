using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Engine.Execution.Cache;

/// <summary>
/// The cache folder shared by all runs: for each entry a <c>&lt;id&gt;.tar.gz</c> and its <c>&lt;id&gt;.json</c> index,
/// the id being the SHA-256 of the key and version. Entries are immutable; the total size is kept under a limit by
/// evicting the least recently used.
/// </summary>
internal sealed class CacheStore(string root, long maxBytes, TimeProvider timeProvider) : ICacheStorage
{
    Task<CacheMatch?> ICacheStorage.FindAsync(string key, IReadOnlyList<string> restoreKeys, string version, CancellationToken cancellationToken) =>
        Task.FromResult(Find(key, restoreKeys, version) is { } entry ? new CacheMatch(entry.Key, entry.Id) : null);

    async Task ICacheStorage.ReadAsync(CacheMatch match, Func<Stream, CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        await using (var archive = new FileStream(ArchivePath(match.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            await read(archive, cancellationToken);
        }

        try
        {
            if (JsonSerializer.Deserialize(await File.ReadAllTextAsync(IndexPath(match.Id), cancellationToken), CacheJson.Default.CacheEntry) is { } entry)
            {
                Touch(entry);
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            // Evicted by another job meanwhile: the files are restored all the same, there is just nothing left to mark used.
        }
    }

    async Task<CacheSaveResult> ICacheStorage.SaveAsync(string key, string version, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        await SaveAsync(key, version, write, cancellationToken)
            ? new CacheSaveResult(true, Evict(keep: IdOf(key, version)))
            : new CacheSaveResult(false, []);

    public static string IdOf(string key, string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version + "\n" + key)));

    /// <summary>The version of an entry: the <c>path</c> lines as written, so a key saved with other paths does not match (as on GitHub).</summary>
    public static string VersionOf(IEnumerable<string> pathLines) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', pathLines))));

    public string ArchivePath(string id) => Path.Combine(root, id + ".tar.gz");

    private string IndexPath(string id) => Path.Combine(root, id + ".json");

    public IReadOnlyList<CacheEntry> Entries()
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var entries = new List<CacheEntry>();
        foreach (var index in Directory.EnumerateFiles(root, "*.json"))
        {
            try
            {
                var entry = JsonSerializer.Deserialize(File.ReadAllText(index), CacheJson.Default.CacheEntry);
                if (entry is not null && File.Exists(ArchivePath(entry.Id)))
                {
                    entries.Add(entry);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                // A half-written or removed index is not an entry; eviction or the next save replaces it.
            }
        }

        return entries;
    }

    /// <summary>
    /// GitHub's order: the exact key, then the newest entry whose key starts with the key, then with each restore key in turn.
    /// </summary>
    public CacheEntry? Find(string key, IReadOnlyList<string> restoreKeys, string version)
    {
        var entries = Entries().Where(e => e.Version == version).ToList();
        if (entries.FirstOrDefault(e => e.Key == key) is { } exact)
        {
            return exact;
        }

        foreach (var prefix in restoreKeys.Prepend(key))
        {
            var newest = entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).MaxBy(e => e.Created);
            if (newest is not null)
            {
                return newest;
            }
        }

        return null;
    }

    public bool Contains(string key, string version) => File.Exists(IndexPath(IdOf(key, version)));

    public void Touch(CacheEntry entry) => WriteIndex(entry with { LastUsed = timeProvider.GetUtcNow() });

    /// <summary>Writes a new entry through <paramref name="write"/>; false when the key already has one (entries are immutable).</summary>
    public async Task<bool> SaveAsync(string key, string version, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var id = IdOf(key, version);
        if (Contains(key, version))
        {
            return false;
        }

        Directory.CreateDirectory(root);
        var temporary = Path.Combine(root, $"{id}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(stream, cancellationToken);
            }

            var size = new FileInfo(temporary).Length;
            try
            {
                File.Move(temporary, ArchivePath(id));
            }
            catch (IOException) when (File.Exists(ArchivePath(id)))
            {
                return false; // Another job saved the same key first.
            }

            var now = timeProvider.GetUtcNow();
            WriteIndex(new CacheEntry(key, version, now, now, size));
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Removes the least recently used entries, never <paramref name="keep"/>, until the total fits the limit; returns their keys.</summary>
    public IReadOnlyList<string> Evict(string? keep)
    {
        var entries = Entries().OrderBy(e => e.LastUsed).ThenBy(e => e.Created).ToList();
        var total = entries.Sum(e => e.Size);
        var evicted = new List<string>();
        foreach (var entry in entries)
        {
            if (total <= maxBytes)
            {
                break;
            }

            if (entry.Id == keep)
            {
                continue;
            }

            File.Delete(IndexPath(entry.Id));
            File.Delete(ArchivePath(entry.Id));
            total -= entry.Size;
            evicted.Add(entry.Key);
        }

        return evicted;
    }

    private void WriteIndex(CacheEntry entry)
    {
        var temporary = IndexPath(entry.Id) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(entry, CacheJson.Default.CacheEntry));
        File.Move(temporary, IndexPath(entry.Id), overwrite: true);
    }
}
