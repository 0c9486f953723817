using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string CacheColumns = "id, repository_id, scope, key, version, blob, size, created_at, last_used_at";

    public Task<CacheEntryRow?> AddCacheEntryAsync(NewCacheEntry entry, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"""
                INSERT INTO cache_entries (repository_id, scope, key, version, blob, size, created_at, last_used_at)
                VALUES (@repository, @scope, @key, @version, @blob, @size, @now, @now)
                ON CONFLICT (repository_id, scope, key, version) DO NOTHING
                RETURNING {CacheColumns}
                """,
                ReadCacheEntry,
                cancellationToken,
                ("@repository", entry.RepositoryId),
                ("@scope", entry.Scope),
                ("@key", entry.Key),
                ("@version", entry.Version),
                ("@blob", entry.Blob),
                ("@size", entry.Size),
                ("@now", SqlText.Time(now))).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<CacheEntryRow?> FindCacheEntryAsync(long repositoryId, IReadOnlyList<string> scopes, string key, IReadOnlyList<string> restoreKeys, string version, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                foreach (var scope in scopes)
                {
                    var exact = await SqlText.ListAsync(
                        connection,
                        null,
                        $"SELECT {CacheColumns} FROM cache_entries WHERE repository_id = @repository AND scope = @scope AND version = @version AND key = @key",
                        ReadCacheEntry,
                        cancellationToken,
                        ("@repository", repositoryId),
                        ("@scope", scope),
                        ("@version", version),
                        ("@key", key)).ConfigureAwait(false);
                    if (exact.Count > 0)
                    {
                        return exact[0];
                    }

                    foreach (var prefix in restoreKeys.Prepend(key))
                    {
                        // substr rather than LIKE: a key's own % and _ are not wildcards.
                        var newest = await SqlText.ListAsync(
                            connection,
                            null,
                            $"""
                            SELECT {CacheColumns} FROM cache_entries
                            WHERE repository_id = @repository AND scope = @scope AND version = @version AND substr(key, 1, length(@prefix)) = @prefix
                            ORDER BY created_at DESC, id DESC LIMIT 1
                            """,
                            ReadCacheEntry,
                            cancellationToken,
                            ("@repository", repositoryId),
                            ("@scope", scope),
                            ("@version", version),
                            ("@prefix", prefix)).ConfigureAwait(false);
                        if (newest.Count > 0)
                        {
                            return newest[0];
                        }
                    }
                }

                return null;
            },
            cancellationToken);

    public Task<CacheEntryRow?> CacheEntryAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(connection, null, $"SELECT {CacheColumns} FROM cache_entries WHERE id = @id", ReadCacheEntry, cancellationToken, ("@id", id)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task TouchCacheEntryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(connection, transaction, "UPDATE cache_entries SET last_used_at = CASE WHEN last_used_at < @now THEN @now ELSE last_used_at END WHERE id = @id", cancellationToken, ("@id", id), ("@now", SqlText.Time(now))),
            cancellationToken);

    public Task<IReadOnlyList<CacheEntryRow>> CacheEntriesAsync(long repositoryId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<CacheEntryRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"SELECT {CacheColumns} FROM cache_entries WHERE repository_id = @repository ORDER BY last_used_at DESC, id DESC",
                ReadCacheEntry,
                cancellationToken,
                ("@repository", repositoryId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<CacheEntryRow>> RemoveStaleCacheEntriesAsync(DateTimeOffset unusedSince, long maxBytesPerRepository, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<CacheEntryRow>>(
            async (connection, transaction) =>
            {
                var removed = await SqlText.ListAsync(
                    connection,
                    transaction,
                    $"DELETE FROM cache_entries WHERE last_used_at < @cutoff RETURNING {CacheColumns}",
                    ReadCacheEntry,
                    cancellationToken,
                    ("@cutoff", SqlText.Time(unusedSince))).ConfigureAwait(false);
                var over = await SqlText.ListAsync(
                    connection,
                    transaction,
                    "SELECT repository_id, CAST(sum(size) AS BIGINT) FROM cache_entries GROUP BY repository_id HAVING sum(size) > @max",
                    r => (Repository: r.GetInt64(0), Total: r.GetInt64(1)),
                    cancellationToken,
                    ("@max", maxBytesPerRepository)).ConfigureAwait(false);
                foreach (var (repository, total) in over)
                {
                    var left = total;
                    var oldestFirst = await SqlText.ListAsync(
                        connection,
                        transaction,
                        $"SELECT {CacheColumns} FROM cache_entries WHERE repository_id = @repository ORDER BY last_used_at, id",
                        ReadCacheEntry,
                        cancellationToken,
                        ("@repository", repository)).ConfigureAwait(false);
                    foreach (var entry in oldestFirst.TakeWhile(_ => left > maxBytesPerRepository))
                    {
                        await SqlText.ExecuteAsync(connection, transaction, "DELETE FROM cache_entries WHERE id = @id", cancellationToken, ("@id", entry.Id)).ConfigureAwait(false);
                        left -= entry.Size;
                        removed.Add(entry);
                    }
                }

                return removed;
            },
            cancellationToken);

    private static CacheEntryRow ReadCacheEntry(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), SqlText.Time(r, 7), SqlText.Time(r, 8));
}
