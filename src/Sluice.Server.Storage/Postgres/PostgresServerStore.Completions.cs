using Npgsql;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Postgres;

public sealed partial class PostgresServerStore
{
    /// <summary>
    /// Only this transaction's own update of the job passes: the statements after the fenced update act on the job's row
    /// only when its version is the one this transaction wrote, so an attempt that was refused changes nothing further.
    /// </summary>
    private const string CompletedHere = "j.id = @id AND j.xmin = pg_current_xact_id()::xid";

    /// <summary>
    /// A completion is one round trip: its statements go as one batch, which PostgreSQL runs as one implicit transaction,
    /// committed as the batch ends. The run's row is locked (so that its events are numbered one at a time) only while
    /// PostgreSQL runs the batch's last statements, not across round trips to this process, so the completions of one
    /// run's many jobs do not queue behind each other's network and scheduling delays.
    /// </summary>
    public override async Task<FenceResult> CompleteJobAsync(long jobId, int attempt, byte[] leaseTokenHash, JobOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        for (var conflicts = 1; ; conflicts++)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await _transient.ExecuteAsync(token => _dataSource.OpenConnectionAsync(token), cancellationToken).ConfigureAwait(false);
                await using var batch = CompletionBatch(connection, jobId, attempt, leaseTokenHash, outcome, now);
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return batch.BatchCommands[0].RecordsAffected == 0 ? FenceResult.Superseded : FenceResult.Accepted;
            }
            catch (NpgsqlException exception) when (Transient(exception))
            {
                // Opening the connection is retried above; a batch that failed on the wire may have been committed.
                throw connection is null ? Unreachable(exception) : LostWhileCommitting(exception);
            }
            catch (PostgresException exception) when (LostConflict(exception) && conflicts < MaxWriteAttempts)
            {
                // A deadlock or a unique key met under a concurrent append: the batch was rolled back as a whole.
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static NpgsqlBatch CompletionBatch(NpgsqlConnection connection, long jobId, int attempt, byte[] leaseTokenHash, JobOutcome outcome, DateTimeOffset now)
    {
        var batch = connection.CreateBatch();
        Add(batch, FencedCompletion, CompletionValues(jobId, attempt, leaseTokenHash, outcome, now));
        Add(
            batch,
            $"UPDATE attempts SET outcome = 'completed', reason = @conclusion, ended_at = @now WHERE job_id = @id AND attempt = @attempt AND EXISTS (SELECT 1 FROM jobs j WHERE {CompletedHere})",
            ("@conclusion", outcome.Conclusion),
            ("@now", SqlText.Time(now)),
            ("@id", jobId),
            ("@attempt", attempt));

        // Each statement of the batch reads what committed before it started (read committed), so the event's number is
        // read after the lock on the run is held: after every other append to the run committed.
        Add(batch, $"SELECT r.id FROM runs r JOIN jobs j ON r.id = j.run_id WHERE {CompletedHere} FOR NO KEY UPDATE OF r", ("@id", jobId));
        Add(
            batch,
            $"""
            INSERT INTO run_events (run_id, seq, kind, leg_key, conclusion, outputs_json)
            SELECT j.run_id, (SELECT coalesce(max(e.seq), 0) + 1 FROM run_events e WHERE e.run_id = j.run_id), 'leg', j.key, @conclusion, @outputs
            FROM jobs j WHERE {CompletedHere}
            """,
            ("@conclusion", outcome.Conclusion),
            ("@outputs", outcome.OutputsJson),
            ("@id", jobId));
        Add(batch, $"UPDATE runs r SET status = 'in_progress' FROM jobs j WHERE r.id = j.run_id AND r.status = 'queued' AND {CompletedHere}", ("@id", jobId));
        return batch;
    }

    private static void Add(NpgsqlBatch batch, string text, params (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, SqlText.Value(value)));
        }

        batch.BatchCommands.Add(command);
    }
}
