using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

/// <summary>Commit statuses: each repository's target on its code host, and the outbox of statuses to post there.</summary>
public abstract partial class RelationalServerStore
{
    private const string CommitStatusColumns = "id, repository_id, sha, context, state, description, target_url, ref, version, outcome, attempts, changed_at, next_at, last_error";

    public Task SetCommitStatusTargetAsync(long repositoryId, CommitStatusTarget? target, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (target is null)
                {
                    await SqlText.ExecuteAllAsync(
                        connection,
                        transaction,
                        cancellationToken,
                        new Statement("DELETE FROM commit_status_targets WHERE repository_id = @repo", ("@repo", repositoryId)),
                        new Statement("DELETE FROM commit_statuses WHERE repository_id = @repo AND outcome = @waiting", ("@repo", repositoryId), ("@waiting", CommitStatusOutcomes.Waiting))).ConfigureAwait(false);
                    return 0;
                }

                return await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO commit_status_targets (repository_id, host, api_url, path, sealed_token, updated_at) VALUES (@repo, @host, @api, @path, @token, @now)
                    ON CONFLICT (repository_id) DO UPDATE SET host = excluded.host, api_url = excluded.api_url, path = excluded.path, sealed_token = excluded.sealed_token, updated_at = excluded.updated_at
                    """,
                    cancellationToken,
                    ("@repo", repositoryId),
                    ("@host", target.Host),
                    ("@api", target.ApiUrl),
                    ("@path", target.Path),
                    ("@token", target.SealedToken),
                    ("@now", SqlText.Time(target.UpdatedAt))).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<IReadOnlyList<long>> CommitStatusRepositoriesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<long>>(
            async connection => await SqlText.ListAsync(connection, null, "SELECT repository_id FROM commit_status_targets ORDER BY repository_id", r => r.GetInt64(0), cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<CommitStatusTarget?> CommitStatusTargetAsync(long repositoryId, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(
                connection,
                null,
                "SELECT repository_id, host, api_url, path, sealed_token, updated_at FROM commit_status_targets WHERE repository_id = @repo",
                r => new CommitStatusTarget(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (byte[])r.GetValue(4), SqlText.Time(r, 5)),
                cancellationToken,
                ("@repo", repositoryId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<bool> EnqueueCommitStatusAsync(NewCommitStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var existing = (await SqlText.ListAsync(
                    connection,
                    transaction,
                    $"SELECT {CommitStatusColumns} FROM commit_statuses WHERE repository_id = @repo AND sha = @sha AND context = @context",
                    ReadCommitStatus,
                    cancellationToken,
                    ("@repo", status.RepositoryId),
                    ("@sha", status.Sha),
                    ("@context", status.Context)).ConfigureAwait(false)).FirstOrDefault();
                if (existing is null)
                {
                    await SqlText.ExecuteAsync(
                        connection,
                        transaction,
                        """
                        INSERT INTO commit_statuses (repository_id, sha, context, state, description, target_url, ref, version, outcome, attempts, changed_at, next_at)
                        VALUES (@repo, @sha, @context, @state, @description, @url, @ref, 1, @waiting, 0, @now, @now)
                        """,
                        cancellationToken,
                        ("@repo", status.RepositoryId),
                        ("@sha", status.Sha),
                        ("@context", status.Context),
                        ("@state", status.State),
                        ("@description", status.Description),
                        ("@url", status.TargetUrl),
                        ("@ref", status.Ref),
                        ("@waiting", CommitStatusOutcomes.Waiting),
                        ("@now", SqlText.Time(now))).ConfigureAwait(false);
                    return true;
                }

                if (existing.State == status.State && existing.Description == status.Description && existing.TargetUrl == status.TargetUrl)
                {
                    return false;
                }

                // The claim is left as it is: a sender posting the older version finds the version changed when it
                // settles, and lets the newer one be sent after it, so that the host sees the states in their order.
                await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE commit_statuses SET state = @state, description = @description, target_url = @url, ref = @ref, version = version + 1,
                        outcome = @waiting, attempts = 0, changed_at = @now, next_at = @now, last_error = NULL
                    WHERE id = @id
                    """,
                    cancellationToken,
                    ("@state", status.State),
                    ("@description", status.Description),
                    ("@url", status.TargetUrl),
                    ("@ref", status.Ref),
                    ("@waiting", CommitStatusOutcomes.Waiting),
                    ("@now", SqlText.Time(now)),
                    ("@id", existing.Id)).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<CommitStatusRow>> ClaimCommitStatusesAsync(string claimant, DateTimeOffset now, DateTimeOffset claimUntil, int limit, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<CommitStatusRow>>(
            async (connection, transaction) =>
            {
                var due = await SqlText.ListAsync(
                    connection,
                    transaction,
                    $"""
                    SELECT {CommitStatusColumns} FROM commit_statuses
                    WHERE outcome = @waiting AND next_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                    ORDER BY changed_at, id LIMIT @limit
                    """,
                    ReadCommitStatus,
                    cancellationToken,
                    ("@waiting", CommitStatusOutcomes.Waiting),
                    ("@now", SqlText.Time(now)),
                    ("@limit", limit)).ConfigureAwait(false);
                var claimed = new List<CommitStatusRow>();
                foreach (var row in due)
                {
                    // Conditional, so that of two servers reading the same row only one takes it.
                    var taken = await SqlText.ExecuteAsync(
                        connection,
                        transaction,
                        "UPDATE commit_statuses SET claimed_by = @claimant, claimed_until = @until WHERE id = @id AND outcome = @waiting AND (claimed_until IS NULL OR claimed_until <= @now)",
                        cancellationToken,
                        ("@claimant", claimant),
                        ("@until", SqlText.Time(claimUntil)),
                        ("@id", row.Id),
                        ("@waiting", CommitStatusOutcomes.Waiting),
                        ("@now", SqlText.Time(now))).ConfigureAwait(false);
                    if (taken == 1)
                    {
                        claimed.Add(row);
                    }
                }

                return claimed;
            },
            cancellationToken);

    public Task<bool> SettleCommitStatusAsync(long id, long version, string claimant, string outcome, DateTimeOffset? retryAt, string? error, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                // Only the values given are set, so that no parameter is a null whose type the database would have to guess.
                var next = retryAt is null ? "" : ", next_at = @next";
                var why = error is null ? ", last_error = NULL" : ", last_error = @error";
                var parameters = new List<(string, object?)> { ("@id", id), ("@version", version), ("@claimant", claimant), ("@outcome", outcome) };
                if (retryAt is { } at)
                {
                    parameters.Add(("@next", SqlText.Time(at)));
                }

                if (error is not null)
                {
                    parameters.Add(("@error", error));
                }

                var settled = await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    $"UPDATE commit_statuses SET claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1, outcome = @outcome{next}{why} WHERE id = @id AND version = @version AND claimed_by = @claimant",
                    cancellationToken,
                    [.. parameters]).ConfigureAwait(false);
                if (settled == 1)
                {
                    return true;
                }

                return await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE commit_statuses SET claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @claimant",
                    cancellationToken,
                    ("@id", id),
                    ("@claimant", claimant)).ConfigureAwait(false) == 1;
            },
            cancellationToken);

    public Task<IReadOnlyList<CommitStatusRow>> CommitStatusesAsync(long repositoryId, string sha, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<CommitStatusRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"SELECT {CommitStatusColumns} FROM commit_statuses WHERE repository_id = @repo AND sha = @sha ORDER BY context",
                ReadCommitStatus,
                cancellationToken,
                ("@repo", repositoryId),
                ("@sha", sha)).ConfigureAwait(false),
            cancellationToken);

    public Task<int> DeleteSettledCommitStatusesAsync(DateTimeOffset changedBefore, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM commit_statuses WHERE outcome <> @waiting AND changed_at < @before",
                cancellationToken,
                ("@waiting", CommitStatusOutcomes.Waiting),
                ("@before", SqlText.Time(changedBefore))),
            cancellationToken);

    public Task<DateTimeOffset?> NextCommitStatusAtAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => await SqlText.ScalarAsync(
                connection,
                null,
                "SELECT min(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_at THEN claimed_until ELSE next_at END) FROM commit_statuses WHERE outcome = @waiting",
                cancellationToken,
                ("@waiting", CommitStatusOutcomes.Waiting)).ConfigureAwait(false) is { } value and not DBNull
                ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture))
                : (DateTimeOffset?)null,
            cancellationToken);

    private static CommitStatusRow ReadCommitStatus(DbDataReader r) =>
        new(
            r.GetInt64(0),
            r.GetInt64(1),
            r.GetString(2),
            r.GetString(3),
            r.GetString(4),
            r.GetString(5),
            SqlText.NullableString(r, 6),
            SqlText.NullableString(r, 7),
            r.GetInt64(8),
            r.GetString(9),
            Convert.ToInt32(r.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
            SqlText.Time(r, 11),
            SqlText.Time(r, 12),
            SqlText.NullableString(r, 13));
}
