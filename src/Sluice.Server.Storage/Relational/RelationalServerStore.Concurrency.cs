using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string MemberColumns = "run_id, leg_key, group_name, state, cancel_in_progress, reason";

    public Task<ConcurrencyEntry> EnterConcurrencyGroupAsync(ConcurrencyClaim claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                ArgumentNullException.ThrowIfNull(claim);
                var existing = await SqlText.ScalarAsync(connection, transaction, "SELECT state FROM concurrency WHERE run_id = @run AND leg_key = @leg", cancellationToken, ("@run", claim.RunId), ("@leg", claim.LegKey)).ConfigureAwait(false);
                if (existing is string state)
                {
                    return new ConcurrencyEntry(state, []);
                }

                var (repository, number) = (await SqlText.ListAsync(
                    connection,
                    transaction,
                    "SELECT repository_id, number FROM runs WHERE id = @run",
                    r => (r.GetInt64(0), r.GetInt64(1)),
                    cancellationToken,
                    ("@run", claim.RunId)).ConfigureAwait(false)).SingleOrDefault();
                if (repository == 0)
                {
                    throw new StoreException($"no run with id {claim.RunId}");
                }

                var key = ConcurrencyStates.Key(claim.Group);
                var members = await SqlText.ListAsync(
                    connection,
                    transaction,
                    """
                    SELECT c.id, c.run_id, c.leg_key, c.state, c.cancelled, r.number FROM concurrency c JOIN runs r ON r.id = c.run_id
                    WHERE c.repository_id = @repo AND c.group_key = @key AND c.state IN ('pending', 'running') ORDER BY c.id
                    """,
                    r => (Id: r.GetInt64(0), RunId: r.GetInt64(1), LegKey: r.GetString(2), State: r.GetString(3), Cancelled: SqlText.Flag(r, 4), Number: r.GetInt64(5)),
                    cancellationToken,
                    ("@repo", repository),
                    ("@key", key)).ConfigureAwait(false);
                var affected = new List<long>();
                var newer = claim.LegKey.Length == 0 ? $"run #{number}" : $"job '{claim.LegKey}' of run #{number}";
                foreach (var waiting in members.Where(m => m.State == ConcurrencyStates.Pending))
                {
                    var reason = $"Canceled: a newer {newer} is waiting for the concurrency group '{claim.Group}' and takes its place.";
                    await SqlText.ExecuteAsync(connection, transaction, "UPDATE concurrency SET state = 'cancelled', cancelled = 1, reason = @reason WHERE id = @id", cancellationToken, ("@reason", reason), ("@id", waiting.Id)).ConfigureAwait(false);
                    await DisplaceAsync(connection, transaction, waiting.RunId, waiting.LegKey, reason, cancellationToken).ConfigureAwait(false);
                    affected.Add(waiting.RunId);
                }

                var holder = members.FirstOrDefault(m => m.State == ConcurrencyStates.Running);
                if (claim.CancelInProgress && holder.Id != 0 && !holder.Cancelled)
                {
                    var reason = $"Canceled: a newer {newer} in the concurrency group '{claim.Group}' cancels the one in progress.";
                    await SqlText.ExecuteAsync(connection, transaction, "UPDATE concurrency SET cancelled = 1, reason = @reason WHERE id = @id", cancellationToken, ("@reason", reason), ("@id", holder.Id)).ConfigureAwait(false);
                    await DisplaceAsync(connection, transaction, holder.RunId, holder.LegKey, reason, cancellationToken).ConfigureAwait(false);
                    affected.Add(holder.RunId);
                }

                var entered = holder.Id == 0 ? ConcurrencyStates.Running : ConcurrencyStates.Pending;
                await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO concurrency (repository_id, group_key, group_name, run_id, leg_key, state, cancel_in_progress)
                    VALUES (@repo, @key, @group, @run, @leg, @state, @cancel)
                    """,
                    cancellationToken,
                    ("@repo", repository),
                    ("@key", key),
                    ("@group", claim.Group),
                    ("@run", claim.RunId),
                    ("@leg", claim.LegKey),
                    ("@state", entered),
                    ("@cancel", claim.CancelInProgress)).ConfigureAwait(false);
                if (entered == ConcurrencyStates.Running)
                {
                    await AppendRunEventAsync(connection, transaction, claim.RunId, "group", claim.LegKey, "admitted", null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var detail = $"waiting for concurrency group '{claim.Group}' (run #{holder.Number} holds it)";
                    if (claim.WaitingJob is { } job)
                    {
                        await InsertJobAsync(connection, transaction, job, null, now, cancellationToken, detail).ConfigureAwait(false);
                    }
                    else if (claim.LegKey.Length == 0)
                    {
                        await SqlText.ExecuteAsync(connection, transaction, "UPDATE runs SET status = 'pending', status_detail = @detail WHERE id = @run AND status = 'queued'", cancellationToken, ("@detail", detail), ("@run", claim.RunId)).ConfigureAwait(false);
                    }
                }

                return new ConcurrencyEntry(entered, affected.Distinct().ToList());
            },
            cancellationToken);

    public Task<IReadOnlyList<long>> LeaveConcurrencyGroupAsync(long runId, string legKey, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<long>>(
            async (connection, transaction) =>
            {
                var left = (await SqlText.ListAsync(
                    connection,
                    transaction,
                    "UPDATE concurrency SET state = 'done' WHERE run_id = @run AND leg_key = @leg AND state IN ('pending', 'running') RETURNING repository_id, group_key",
                    r => (Repository: r.GetInt64(0), Key: r.GetString(1)),
                    cancellationToken,
                    ("@run", runId),
                    ("@leg", legKey)).ConfigureAwait(false)).SingleOrDefault();
                if (left.Key is null)
                {
                    return [];
                }

                // A member that waited leaves no holder behind; one that held the group hands it to the member waiting.
                if (await SqlText.ScalarAsync(connection, transaction, "SELECT 1 FROM concurrency WHERE repository_id = @repo AND group_key = @key AND state = 'running'", cancellationToken, ("@repo", left.Repository), ("@key", left.Key)).ConfigureAwait(false) is not null)
                {
                    return [];
                }

                var next = (await SqlText.ListAsync(
                    connection,
                    transaction,
                    "UPDATE concurrency SET state = 'running' WHERE id = (SELECT id FROM concurrency WHERE repository_id = @repo AND group_key = @key AND state = 'pending' ORDER BY id LIMIT 1) RETURNING run_id, leg_key",
                    r => (RunId: r.GetInt64(0), LegKey: r.GetString(1)),
                    cancellationToken,
                    ("@repo", left.Repository),
                    ("@key", left.Key)).ConfigureAwait(false)).SingleOrDefault();
                if (next.LegKey is null)
                {
                    return [];
                }

                if (next.LegKey.Length == 0)
                {
                    await SqlText.ExecuteAsync(connection, transaction, "UPDATE runs SET status = 'queued', status_detail = NULL WHERE id = @run AND status = 'pending'", cancellationToken, ("@run", next.RunId)).ConfigureAwait(false);
                }

                await AppendRunEventAsync(connection, transaction, next.RunId, "group", next.LegKey, "admitted", null, cancellationToken).ConfigureAwait(false);
                return [next.RunId];
            },
            cancellationToken);

    public Task<IReadOnlyList<ConcurrencyMemberRow>> ConcurrencyGroupAsync(long repositoryId, string group, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ConcurrencyMemberRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"SELECT {MemberColumns} FROM concurrency WHERE repository_id = @repo AND group_key = @key ORDER BY id",
                r => new ConcurrencyMemberRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), SqlText.Flag(r, 4), SqlText.NullableString(r, 5)),
                cancellationToken,
                ("@repo", repositoryId),
                ("@key", ConcurrencyStates.Key(group))).ConfigureAwait(false),
            cancellationToken);

    /// <summary>
    /// Tells a displaced member's run: a run is cancelled (once, as <see cref="CancelRunAsync"/> does) with the reason as
    /// its detail; a leg gets a <c>group</c> event <c>cancelled</c> with the reason, which its job row keeps as its detail.
    /// </summary>
    private async Task DisplaceAsync(DbConnection connection, DbTransaction transaction, long runId, string legKey, string reason, CancellationToken cancellationToken)
    {
        if (legKey.Length > 0)
        {
            await SqlText.ExecuteAsync(connection, transaction, "UPDATE jobs SET detail = @reason WHERE run_id = @run AND key = @key AND status <> 'completed'", cancellationToken, ("@reason", reason), ("@run", runId), ("@key", legKey)).ConfigureAwait(false);
            await AppendRunEventAsync(connection, transaction, runId, "group", legKey, "cancelled", null, cancellationToken, reason).ConfigureAwait(false);
            return;
        }

        var changed = await SqlText.ExecuteAsync(
            connection,
            transaction,
            "UPDATE runs SET cancel_requested = 1, status_detail = @reason WHERE id = @run AND status <> 'completed' AND cancel_requested = 0",
            cancellationToken,
            ("@reason", reason),
            ("@run", runId)).ConfigureAwait(false);
        if (changed > 0)
        {
            await AppendRunEventAsync(connection, transaction, runId, "cancel", null, null, null, cancellationToken, reason).ConfigureAwait(false);
        }
    }
}
