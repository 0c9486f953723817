namespace Sluice.Server.Storage.Relational;

/// <summary>What administrators change after the fact: expiring tokens, deleting secrets and cache entries, editing and removing repositories.</summary>
public abstract partial class RelationalServerStore
{
    /// <summary>
    /// Everything that belongs to a repository, children before parents, as (table, condition on <c>@repo</c>); the
    /// repository's own row goes last. A table that refers to a repository or its runs must be named here.
    /// </summary>
    private static readonly (string Table, string Where)[] RepositoryParts =
    [
        ("logs", "run_id IN (SELECT id FROM runs WHERE repository_id = @repo)"),
        ("job_summaries", "job_id IN (SELECT j.id FROM jobs j JOIN runs r ON r.id = j.run_id WHERE r.repository_id = @repo)"),
        ("gate_reports", "run_id IN (SELECT id FROM runs WHERE repository_id = @repo)"),
        ("attempts", "job_id IN (SELECT j.id FROM jobs j JOIN runs r ON r.id = j.run_id WHERE r.repository_id = @repo)"),
        ("jobs", "run_id IN (SELECT id FROM runs WHERE repository_id = @repo)"),
        ("run_events", "run_id IN (SELECT id FROM runs WHERE repository_id = @repo)"),
        ("expired_blobs", "run_id IN (SELECT id FROM runs WHERE repository_id = @repo)"),
        ("concurrency", "repository_id = @repo OR run_id IN (SELECT id FROM runs WHERE repository_id = @repo)"),
        ("deployment_samples", "deployment_id IN (SELECT id FROM deployments WHERE repository_id = @repo)"),
        ("deployment_reviews", "deployment_id IN (SELECT id FROM deployments WHERE repository_id = @repo)"),
        ("deployments", "repository_id = @repo"),
        ("environment_secrets", "environment_id IN (SELECT id FROM environments WHERE repository_id = @repo)"),
        ("environment_variables", "environment_id IN (SELECT id FROM environments WHERE repository_id = @repo)"),
        ("environments", "repository_id = @repo"),
        ("runs", "repository_id = @repo"),
        ("secrets", "repository_id = @repo"),
        ("cache_entries", "repository_id = @repo"),
        ("quality_tests", "run_id IN (SELECT id FROM quality_runs WHERE repository_id = @repo)"),
        ("quality_benchmarks", "run_id IN (SELECT id FROM quality_runs WHERE repository_id = @repo)"),
        ("quality_runs", "repository_id = @repo"),
        ("quality_quarantine", "repository_id = @repo"),
        ("deliveries", "repository_id = @repo"),
        ("schedule_slots", "repository_id = @repo"),
        ("repositories", "id = @repo"),
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
                    VALUES (@prefix, @hash, @scope, @repos, @by, @description, @owner, @now, @expires) RETURNING id
                    """,
                    cancellationToken,
                    ("@prefix", prefix),
                    ("@hash", hash),
                    ("@scope", scope),
                    ("@repos", StringLists.ToJson(repositories)),
                    ("@by", createdBy),
                    ("@description", description),
                    ("@owner", owner),
                    ("@now", SqlText.Time(now)),
                    ("@expires", expiresAt is { } at ? SqlText.Time(at) : null)).ConfigureAwait(false))!;
                return (await SqlText.ListAsync(connection, transaction, $"SELECT {TokenColumns} FROM tokens WHERE id = @id", ReadToken, cancellationToken, ("@id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task<bool> DeleteSecretAsync(long repositoryId, string name, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM secrets WHERE repository_id = @repo AND name = @name",
                cancellationToken,
                ("@repo", repositoryId),
                ("@name", name)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<RepositoryRecord?> EditRepositoryAsync(long repositoryId, RepositoryChange change, CancellationToken cancellationToken)
    {
        // Only the fields given are set, so no parameter is a null whose type the database would have to guess.
        var sets = new List<string>();
        var parameters = new List<(string, object?)> { ("@id", repositoryId) };
        if (change.Url is { } url)
        {
            sets.Add("url = @url");
            parameters.Add(("@url", url));
        }

        if (change.PollSeconds is { } poll)
        {
            sets.Add(poll == 0 ? "poll_seconds = NULL" : "poll_seconds = @poll");
            if (poll != 0)
            {
                parameters.Add(("@poll", poll));
            }
        }

        if (change.WebhookSecret is { } secret)
        {
            sets.Add(secret.Length == 0 ? "webhook_secret = NULL" : "webhook_secret = @secret");
            if (secret.Length > 0)
            {
                parameters.Add(("@secret", secret));
            }
        }

        // With nothing to change, the row is still read back through the same statement (an empty SET is not SQL).
        var assignments = sets.Count > 0 ? string.Join(", ", sets) : "id = id";
        return WriteAsync(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"UPDATE repositories SET {assignments} WHERE id = @id RETURNING {RepositoryColumns}",
                ReadRepository,
                cancellationToken,
                [.. parameters]).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);
    }

    public Task<RepositoryRemoval> RemoveRepositoryAsync(long repositoryId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (await SqlText.ScalarAsync(connection, transaction, "SELECT 1 FROM repositories WHERE id = @repo", cancellationToken, ("@repo", repositoryId)).ConfigureAwait(false) is null)
                {
                    return new RepositoryRemoval(RemovalOutcome.NotFound, [], [], []);
                }

                var runs = await SqlText.ListAsync(connection, transaction, "SELECT id, status FROM runs WHERE repository_id = @repo ORDER BY id", r => (Id: r.GetInt64(0), Status: r.GetString(1)), cancellationToken, ("@repo", repositoryId)).ConfigureAwait(false);
                var unfinished = runs.Where(r => r.Status != "completed").Select(r => r.Id).ToList();
                if (unfinished.Count > 0)
                {
                    return new RepositoryRemoval(RemovalOutcome.Busy, [], [], unfinished);
                }

                var blobs = await SqlText.ListAsync(connection, transaction, "SELECT blob FROM cache_entries WHERE repository_id = @repo ORDER BY id", r => r.GetString(0), cancellationToken, ("@repo", repositoryId)).ConfigureAwait(false);
                foreach (var (table, where) in RepositoryParts)
                {
                    await SqlText.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE {where}", cancellationToken, ("@repo", repositoryId)).ConfigureAwait(false);
                }

                return new RepositoryRemoval(RemovalOutcome.Removed, [.. runs.Select(r => r.Id)], blobs, []);
            },
            cancellationToken);

    public Task<IReadOnlyList<CacheEntryRow>> DeleteCacheEntriesAsync(long repositoryId, string key, string? scope, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<CacheEntryRow>>(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"DELETE FROM cache_entries WHERE repository_id = @repo AND key = @key{(scope is null ? "" : " AND scope = @scope")} RETURNING {CacheColumns}",
                ReadCacheEntry,
                cancellationToken,
                scope is null ? [("@repo", repositoryId), ("@key", key)] : [("@repo", repositoryId), ("@key", key), ("@scope", scope)]).ConfigureAwait(false)).OrderBy(e => e.Id).ToList(),
            cancellationToken);

    public Task<CacheEntryRow?> DeleteCacheEntryAsync(long repositoryId, long id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => (await SqlText.ListAsync(
                connection,
                transaction,
                $"DELETE FROM cache_entries WHERE repository_id = @repo AND id = @id RETURNING {CacheColumns}",
                ReadCacheEntry,
                cancellationToken,
                ("@repo", repositoryId),
                ("@id", id)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);
}
