namespace Sluice.Server.Storage.Sqlite;

/// <summary>What administrators change after the fact: expiring tokens, deleting secrets and cache entries, editing and removing repositories.</summary>
public sealed partial class SqliteServerStore
{
    /// <summary>
    /// Everything that belongs to a repository, children before parents, as (table, condition on <c>$repo</c>); the
    /// repository's own row goes last. A table that refers to a repository or its runs must be named here.
    /// </summary>
    private static readonly (string Table, string Where)[] RepositoryParts =
    [
        ("logs", "run_id IN (SELECT id FROM runs WHERE repository_id = $repo)"),
        ("job_summaries", "job_id IN (SELECT j.id FROM jobs j JOIN runs r ON r.id = j.run_id WHERE r.repository_id = $repo)"),
        ("attempts", "job_id IN (SELECT j.id FROM jobs j JOIN runs r ON r.id = j.run_id WHERE r.repository_id = $repo)"),
        ("jobs", "run_id IN (SELECT id FROM runs WHERE repository_id = $repo)"),
        ("run_events", "run_id IN (SELECT id FROM runs WHERE repository_id = $repo)"),
        ("expired_blobs", "run_id IN (SELECT id FROM runs WHERE repository_id = $repo)"),
        ("concurrency", "repository_id = $repo OR run_id IN (SELECT id FROM runs WHERE repository_id = $repo)"),
        ("runs", "repository_id = $repo"),
        ("secrets", "repository_id = $repo"),
        ("cache_entries", "repository_id = $repo"),
        ("quality_tests", "run_id IN (SELECT id FROM quality_runs WHERE repository_id = $repo)"),
        ("quality_benchmarks", "run_id IN (SELECT id FROM quality_runs WHERE repository_id = $repo)"),
        ("quality_runs", "repository_id = $repo"),
        ("quality_quarantine", "repository_id = $repo"),
        ("deliveries", "repository_id = $repo"),
        ("schedule_slots", "repository_id = $repo"),
        ("repositories", "id = $repo"),
    ];

    public Task<TokenRow> AddTokenAsync(string prefix, byte[] hash, string scope, IReadOnlyList<string> repositories, string createdBy, string? description, string? owner, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var id = (long)(await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO tokens (prefix, hash, scope, repositories_json, created_by, description, owner, created_at, expires_at)
                    VALUES ($prefix, $hash, $scope, $repos, $by, $description, $owner, $now, $expires) RETURNING id
                    """,
                    cancellationToken,
                    ("$prefix", prefix),
                    ("$hash", hash),
                    ("$scope", scope),
                    ("$repos", StringLists.ToJson(repositories)),
                    ("$by", createdBy),
                    ("$description", description),
                    ("$owner", owner),
                    ("$now", SqlText.Time(now)),
                    ("$expires", expiresAt is { } at ? SqlText.Time(at) : null)).ConfigureAwait(false))!;
                return (await SqlText.ListAsync(connection, transaction, $"SELECT {TokenColumns} FROM tokens WHERE id = $id", ReadToken, cancellationToken, ("$id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task<bool> DeleteSecretAsync(long repositoryId, string name, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM secrets WHERE repository_id = $repo AND name = $name",
                cancellationToken,
                ("$repo", repositoryId),
                ("$name", name)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<RepositoryRecord?> EditRepositoryAsync(long repositoryId, RepositoryChange change, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"""
                UPDATE repositories SET
                    url = coalesce($url, url),
                    poll_seconds = CASE WHEN $poll IS NULL THEN poll_seconds WHEN $poll = 0 THEN NULL ELSE $poll END,
                    webhook_secret = CASE WHEN $secret IS NULL THEN webhook_secret WHEN length($secret) = 0 THEN NULL ELSE $secret END
                WHERE id = $id
                RETURNING {RepositoryColumns}
                """,
                ReadRepository,
                cancellationToken,
                ("$url", change.Url),
                ("$poll", change.PollSeconds),
                ("$secret", change.WebhookSecret),
                ("$id", repositoryId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<RepositoryRemoval> RemoveRepositoryAsync(long repositoryId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (await SqlText.ScalarAsync(connection, transaction, "SELECT 1 FROM repositories WHERE id = $repo", cancellationToken, ("$repo", repositoryId)).ConfigureAwait(false) is null)
                {
                    return new RepositoryRemoval(RemovalOutcome.NotFound, [], [], []);
                }

                var runs = await SqlText.ListAsync(connection, transaction, "SELECT id, status FROM runs WHERE repository_id = $repo ORDER BY id", r => (Id: r.GetInt64(0), Status: r.GetString(1)), cancellationToken, ("$repo", repositoryId)).ConfigureAwait(false);
                var unfinished = runs.Where(r => r.Status != "completed").Select(r => r.Id).ToList();
                if (unfinished.Count > 0)
                {
                    return new RepositoryRemoval(RemovalOutcome.Busy, [], [], unfinished);
                }

                var blobs = await SqlText.ListAsync(connection, transaction, "SELECT blob FROM cache_entries WHERE repository_id = $repo ORDER BY id", r => r.GetString(0), cancellationToken, ("$repo", repositoryId)).ConfigureAwait(false);
                foreach (var (table, where) in RepositoryParts)
                {
                    await SqlText.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE {where}", cancellationToken, ("$repo", repositoryId)).ConfigureAwait(false);
                }

                return new RepositoryRemoval(RemovalOutcome.Removed, [.. runs.Select(r => r.Id)], blobs, []);
            },
            cancellationToken);

    public Task<IReadOnlyList<CacheEntryRow>> DeleteCacheEntriesAsync(long repositoryId, string key, string? scope, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<CacheEntryRow>>(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"DELETE FROM cache_entries WHERE repository_id = $repo AND key = $key AND ($scope IS NULL OR scope = $scope) RETURNING {CacheColumns}",
                ReadCacheEntry,
                cancellationToken,
                ("$repo", repositoryId),
                ("$key", key),
                ("$scope", scope)).ConfigureAwait(false)).OrderBy(e => e.Id).ToList(),
            cancellationToken);

    public Task<CacheEntryRow?> DeleteCacheEntryAsync(long repositoryId, long id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"DELETE FROM cache_entries WHERE repository_id = $repo AND id = $id RETURNING {CacheColumns}",
                ReadCacheEntry,
                cancellationToken,
                ("$repo", repositoryId),
                ("$id", id)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);
}
