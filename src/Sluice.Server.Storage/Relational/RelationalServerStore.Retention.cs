namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    public Task<IReadOnlyList<long>> RunsToExpireAsync(RunBlobKind kind, DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<long>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT r.id FROM runs r
                WHERE r.finished_at IS NOT NULL AND r.finished_at < @cutoff
                  AND NOT EXISTS (SELECT 1 FROM expired_blobs e WHERE e.run_id = r.id AND e.kind = @kind)
                ORDER BY r.finished_at, r.id LIMIT @limit
                """,
                r => r.GetInt64(0),
                cancellationToken,
                ("@cutoff", SqlText.Time(finishedBefore)),
                ("@kind", KindName(kind)),
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);

    public Task ExpireRunBlobsAsync(RunBlobKind kind, IReadOnlyList<long> runIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var run in runIds)
                {
                    await SqlText.ExecuteAsync(
                        connection,
                        transaction,
                        "INSERT INTO expired_blobs (run_id, kind, expired_at) VALUES (@run, @kind, @now) ON CONFLICT (run_id, kind) DO NOTHING",
                        cancellationToken,
                        ("@run", run),
                        ("@kind", KindName(kind)),
                        ("@now", SqlText.Time(now))).ConfigureAwait(false);
                    if (kind == RunBlobKind.Logs)
                    {
                        await SqlText.ExecuteAsync(connection, transaction, "DELETE FROM logs WHERE run_id = @run", cancellationToken, ("@run", run)).ConfigureAwait(false);
                    }
                }

                return runIds.Count;
            },
            cancellationToken);

    public Task<DateTimeOffset?> RunBlobsExpiredAtAsync(long runId, RunBlobKind kind, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => await SqlText.ScalarAsync(
                connection,
                null,
                "SELECT expired_at FROM expired_blobs WHERE run_id = @run AND kind = @kind",
                cancellationToken,
                ("@run", runId),
                ("@kind", KindName(kind))).ConfigureAwait(false) is long at
                ? DateTimeOffset.FromUnixTimeMilliseconds(at)
                : (DateTimeOffset?)null,
            cancellationToken);

    private static string KindName(RunBlobKind kind) => kind == RunBlobKind.Logs ? "logs" : "artifacts";
}
