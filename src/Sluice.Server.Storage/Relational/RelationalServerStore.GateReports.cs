using Sluice.Quality.Reports;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    public Task<FenceResult> SaveGateReportAsync(long jobId, int attempt, byte[] leaseTokenHash, long? qualityRunId, string document, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return WriteAsync(
            async (connection, transaction) =>
            {
                if (await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "SELECT run_id FROM jobs WHERE id = @id AND attempt = @attempt AND lease_hash = @lease AND status = 'running'",
                    cancellationToken,
                    ("@id", jobId),
                    ("@attempt", attempt),
                    ("@lease", leaseTokenHash)).ConfigureAwait(false) is not long runId)
                {
                    return FenceResult.Superseded;
                }

                if (qualityRunId is { } quality && await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "SELECT id FROM quality_runs WHERE id = @quality AND job_id = @id AND attempt = @attempt",
                    cancellationToken,
                    ("@quality", quality),
                    ("@id", jobId),
                    ("@attempt", attempt)).ConfigureAwait(false) is null)
                {
                    throw new StoreException($"history run {quality} was not recorded by this attempt of the job; name the run its own gate recorded, or none");
                }

                await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO gate_reports (job_id, attempt, run_id, quality_run_id, recorded_at, document) VALUES (@id, @attempt, @run, @quality, @at, @document)
                    ON CONFLICT (job_id, attempt) DO UPDATE SET quality_run_id = excluded.quality_run_id, recorded_at = excluded.recorded_at, document = excluded.document
                    """,
                    cancellationToken,
                    ("@id", jobId),
                    ("@attempt", attempt),
                    ("@run", runId),
                    ("@quality", qualityRunId),
                    ("@at", SqlText.Time(now)),
                    ("@document", document)).ConfigureAwait(false);
                return FenceResult.Accepted;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<GateReportRow>> GateReportsAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<GateReportRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT job_id, attempt, run_id, quality_run_id, recorded_at, document FROM gate_reports WHERE run_id = @run ORDER BY job_id, attempt",
                r => new GateReportRow(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), SqlText.NullableLong(r, 3), SqlText.Time(r, 4), r.GetString(5)),
                cancellationToken,
                ("@run", runId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<RunQualityTestRow>> RunQualityTestsAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RunQualityTestRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT r.id, r.job_id, r.attempt, t.test_id, t.name, t.outcome, t.duration_s, t.attempts FROM quality_runs r
                JOIN quality_tests t ON t.run_id = r.id
                WHERE r.sluice_run_id = @run
                  AND r.attempt = (SELECT max(o.attempt) FROM quality_runs o WHERE o.sluice_run_id = @run AND o.job_id = r.job_id)
                ORDER BY r.job_id, t.test_id, r.id
                """,
                r => new RunQualityTestRow(
                    r.GetInt64(0),
                    r.GetInt64(1),
                    r.GetInt32(2),
                    new QualityTestRow(r.GetString(3), SqlText.NullableString(r, 4), Enum.Parse<TestOutcome>(r.GetString(5)), r.GetDouble(6), r.GetInt32(7))),
                cancellationToken,
                ("@run", runId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<TestHistoryRow>> QualityTestHistoryAsync(long repositoryId, string testId, string? branch, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(testId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<TestHistoryRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT r.id, r.sluice_run_id, r.commit_sha, r.branch, r.recorded_at, t.outcome, t.duration_s, t.attempts FROM quality_tests t
                JOIN quality_runs r ON r.id = t.run_id
                WHERE t.test_id = @test AND r.repository_id = @repo AND (CAST(@branch AS TEXT) IS NULL OR r.branch = @branch)
                ORDER BY r.id DESC LIMIT @limit
                """,
                r => new TestHistoryRow(r.GetInt64(0), SqlText.NullableLong(r, 1), r.GetString(2), r.GetString(3), SqlText.Time(r, 4), Enum.Parse<TestOutcome>(r.GetString(5)), r.GetDouble(6), r.GetInt32(7)),
                cancellationToken,
                ("@test", testId),
                ("@repo", repositoryId),
                ("@branch", branch),
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<BenchmarkHistoryRow>> QualityBenchmarksAsync(long repositoryId, string branch, int perBenchmark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentOutOfRangeException.ThrowIfNegative(perBenchmark);
        return ReadAsync<IReadOnlyList<BenchmarkHistoryRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT name, run_id, sluice_run_id, commit_sha, recorded_at, mean_ns, stddev_ns, samples FROM (
                    SELECT b.name, b.run_id, r.sluice_run_id, r.commit_sha, r.recorded_at, b.mean_ns, b.stddev_ns, b.samples,
                           ROW_NUMBER() OVER (PARTITION BY b.name ORDER BY b.run_id DESC) AS newest
                    FROM quality_benchmarks b JOIN quality_runs r ON r.id = b.run_id
                    WHERE r.repository_id = @repo AND r.branch = @branch
                ) ranked
                WHERE newest <= @limit ORDER BY name, run_id
                """,
                r => new BenchmarkHistoryRow(r.GetString(0), r.GetInt64(1), SqlText.NullableLong(r, 2), r.GetString(3), SqlText.Time(r, 4), r.GetDouble(5), r.GetDouble(6), r.GetInt32(7)),
                cancellationToken,
                ("@repo", repositoryId),
                ("@branch", branch),
                ("@limit", perBenchmark)).ConfigureAwait(false),
            cancellationToken);
    }
}
