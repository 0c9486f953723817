namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    public Task<FenceResult> SaveJobSummariesAsync(long jobId, int attempt, byte[] leaseTokenHash, IReadOnlyList<string> summaries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var running = await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "SELECT 1 FROM jobs WHERE id = @id AND attempt = @attempt AND lease_hash = @lease AND status = 'running'",
                    cancellationToken,
                    ("@id", jobId),
                    ("@attempt", attempt),
                    ("@lease", leaseTokenHash)).ConfigureAwait(false);
                if (running is null)
                {
                    return FenceResult.Superseded;
                }

                await SqlText.ExecuteAsync(connection, transaction, "DELETE FROM job_summaries WHERE job_id = @id AND attempt = @attempt", cancellationToken, ("@id", jobId), ("@attempt", attempt)).ConfigureAwait(false);
                await using var insert = SqlText.Command(
                    connection,
                    transaction,
                    "INSERT INTO job_summaries (job_id, attempt, seq, text) VALUES (@id, @attempt, @seq, @text)",
                    ("@id", jobId),
                    ("@attempt", attempt),
                    ("@seq", 0),
                    ("@text", ""));
                for (var i = 0; i < summaries.Count; i++)
                {
                    insert.Parameters["@seq"].Value = i + 1;
                    insert.Parameters["@text"].Value = summaries[i];
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return FenceResult.Accepted;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<JobSummaryRow>> RunSummariesAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobSummaryRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT j.id, j.key, s.attempt, s.seq, s.text FROM jobs j
                JOIN job_summaries s ON s.job_id = j.id
                WHERE j.run_id = @run ORDER BY j.id, s.attempt, s.seq
                """,
                r => new JobSummaryRow(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4)),
                cancellationToken,
                ("@run", runId)).ConfigureAwait(false),
            cancellationToken);
}
