using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string RepositoryColumns = "id, name, url, poll_seconds, webhook_secret, default_branch, last_polled_sha, created_at";

    public Task<RepositoryRecord> AddRepositoryAsync(string name, string url, int? pollSeconds, byte[]? webhookSecret, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var taken = await SqlText.ScalarAsync(connection, transaction, "SELECT 1 FROM repositories WHERE name = @name", cancellationToken, ("@name", name)).ConfigureAwait(false);
                if (taken is not null)
                {
                    throw new StoreException($"a repository named '{name}' exists already");
                }

                var id = (long)(await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "INSERT INTO repositories (name, url, poll_seconds, webhook_secret, created_at) VALUES (@name, @url, @poll, @secret, @now) RETURNING id",
                    cancellationToken,
                    ("@name", name),
                    ("@url", url),
                    ("@poll", pollSeconds),
                    ("@secret", webhookSecret),
                    ("@now", SqlText.Time(now))).ConfigureAwait(false))!;
                return new RepositoryRecord(id, name, url, pollSeconds, webhookSecret, null, null, DateTimeOffset.FromUnixTimeMilliseconds(SqlText.Time(now)));
            },
            cancellationToken);

    public Task<RepositoryRecord?> RepositoryAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(connection, null, $"SELECT {RepositoryColumns} FROM repositories WHERE name = @name", ReadRepository, cancellationToken, ("@name", name)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<RepositoryRecord>> RepositoriesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RepositoryRecord>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {RepositoryColumns} FROM repositories ORDER BY name", ReadRepository, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task SetRepositoryPolledAsync(long repositoryId, string? defaultBranch, string? sha, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE repositories SET default_branch = coalesce(@branch, default_branch), last_polled_sha = coalesce(@sha, last_polled_sha) WHERE id = @id",
                cancellationToken,
                ("@branch", defaultBranch),
                ("@sha", sha),
                ("@id", repositoryId)),
            cancellationToken);

    private static RepositoryRecord ReadRepository(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), SqlText.NullableBlob(r, 4), SqlText.NullableString(r, 5), SqlText.NullableString(r, 6), SqlText.Time(r, 7));
}
