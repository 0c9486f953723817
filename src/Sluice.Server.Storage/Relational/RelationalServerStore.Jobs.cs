using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private protected const string JobColumns =
        "j.id, j.run_id, j.key, j.job_name, j.display_name, j.labels_json, j.payload_json, j.status, j.conclusion, j.attempt, j.agent_id, a.name, " +
        "j.lease_expires_at, j.cancel_requested, j.outputs_json, j.steps_json, j.queued_at, j.started_at, j.finished_at, j.start_cancelled, j.detail";

    private protected const string JobFrom = "FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id";

    // Each row is one INSERT ... ON CONFLICT, atomic on its own (a conflicting row is locked, then left or updated): exact
    // read committed. Serializable, a replica replaying a run it did not start (its upserts change nothing) would
    // conflict with every claim of that run's jobs.
    public Task QueueJobsAsync(IReadOnlyList<NewJob> jobs, DateTimeOffset now, CancellationToken cancellationToken) =>
        LockingWriteAsync(
            async (connection, transaction) =>
            {
                // A wide matrix is hundreds of rows: batched, they cost PostgreSQL a round trip per hundred, not one each.
                foreach (var chunk in jobs.Chunk(100))
                {
                    await SqlText.ExecuteAllAsync(connection, transaction, cancellationToken, chunk.Select(job => InsertJob(job, job.ConclusionWithoutRunning, now)).ToList()).ConfigureAwait(false);
                }

                return jobs.Count;
            },
            cancellationToken);

    public Task<bool> EndLegWithoutRunningAsync(NewJob job, string conclusion, string outputsJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                if (await InsertJobAsync(connection, transaction, job, conclusion, now, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                await SqlText.ExecuteAsync(connection, transaction, "UPDATE jobs SET outputs_json = @outputs WHERE run_id = @run AND key = @key", cancellationToken, ("@outputs", outputsJson), ("@run", job.RunId), ("@key", job.Key)).ConfigureAwait(false);
                await AppendRunEventAsync(connection, transaction, job.RunId, "leg", job.Key, conclusion, outputsJson, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// A job row for the leg; one the run has already is left as it is, except a <c>pending</c> one (the leg waited for
    /// its concurrency group), which becomes what the leg is now. A <paramref name="pendingDetail"/> stores it pending.
    /// </summary>
    private static Task<int> InsertJobAsync(DbConnection connection, DbTransaction transaction, NewJob job, string? conclusion, DateTimeOffset now, CancellationToken cancellationToken, string? pendingDetail = null)
    {
        var insert = InsertJob(job, conclusion, now, pendingDetail);
        return SqlText.ExecuteAsync(connection, transaction, insert.Text, cancellationToken, insert.Parameters);
    }

    private static Statement InsertJob(NewJob job, string? conclusion, DateTimeOffset now, string? pendingDetail = null)
    {
        pendingDetail ??= conclusion is null ? job.Hold : null;
        return new(
            """
            INSERT INTO jobs (run_id, key, job_name, display_name, labels_json, payload_json, status, conclusion, start_cancelled, queued_at, finished_at, detail)
            VALUES (@run, @key, @name, @display, @labels, @payload, @status, @conclusion, @cancelled, @now, @finished, @detail)
            ON CONFLICT (run_id, key) DO UPDATE SET
                labels_json = excluded.labels_json, payload_json = excluded.payload_json, status = excluded.status, conclusion = excluded.conclusion,
                start_cancelled = excluded.start_cancelled, queued_at = excluded.queued_at, finished_at = excluded.finished_at, detail = excluded.detail
            WHERE jobs.status = 'pending' AND (excluded.status <> 'pending' OR excluded.detail <> jobs.detail)
            """,
            ("@run", job.RunId),
            ("@key", job.Key),
            ("@name", job.JobName),
            ("@display", job.DisplayName),
            ("@labels", StringLists.ToJson(job.Labels)),
            ("@payload", job.PayloadJson),
            ("@status", pendingDetail is not null ? JobStatuses.Pending : conclusion is null ? JobStatuses.Queued : JobStatuses.Completed),
            ("@conclusion", conclusion),
            ("@cancelled", job.Cancelled),
            ("@now", SqlText.Time(now)),
            ("@finished", conclusion is null ? null : SqlText.Time(now)),
            ("@detail", pendingDetail));
    }

    public Task<IReadOnlyList<JobRow>> JobsAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobRow>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {JobColumns} {JobFrom} WHERE j.run_id = @run ORDER BY j.id", ReadJob, cancellationToken, ("@run", runId)).ConfigureAwait(false),
            cancellationToken);

    public Task<JobRow?> JobAsync(long jobId, CancellationToken cancellationToken) =>
        ReadAsync(async connection => await JobAsync(connection, null, jobId, cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<AttemptRow>> AttemptsAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AttemptRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT t.job_id, t.attempt, t.agent_id, a.name, t.outcome, t.reason, t.started_at, t.ended_at
                FROM attempts t JOIN jobs j ON j.id = t.job_id LEFT JOIN agents a ON a.id = t.agent_id
                WHERE j.run_id = @run ORDER BY t.job_id, t.attempt
                """,
                r => new AttemptRow(r.GetInt64(0), r.GetInt32(1), SqlText.NullableLong(r, 2), SqlText.NullableString(r, 3), r.GetString(4), SqlText.NullableString(r, 5), SqlText.Time(r, 6), SqlText.NullableTime(r, 7)),
                cancellationToken,
                ("@run", runId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<JobRow>> QueuedJobsAsync(int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobRow>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {JobColumns} {JobFrom} WHERE j.status = 'queued' ORDER BY j.id LIMIT @limit", ReadJob, cancellationToken, ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);

    public Task<JobClaim?> ClaimJobAsync(long agentId, Func<JobRow, bool> canRun, byte[] leaseTokenHash, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        LockingWriteAsync<JobClaim?>(
            async (connection, transaction) =>
            {
                if (await SqlText.ScalarAsync(connection, transaction, "SELECT name FROM agents WHERE id = @agent AND removed = 0 AND disabled = 0", cancellationToken, ("@agent", agentId)).ConfigureAwait(false) is not string agentName)
                {
                    return null;
                }

                var job = await TakeQueuedJobAsync(connection, transaction, canRun, cancellationToken).ConfigureAwait(false);
                if (job is null)
                {
                    return null;
                }

                var attempt = job.Attempt + 1;
                await SqlText.ExecuteAllAsync(
                    connection,
                    transaction,
                    cancellationToken,
                    new Statement(
                        """
                        UPDATE jobs SET status = 'running', attempt = @attempt, agent_id = @agent, lease_hash = @lease, lease_expires_at = @until,
                            started_at = coalesce(started_at, @now)
                        WHERE id = @id
                        """,
                        ("@attempt", attempt),
                        ("@agent", agentId),
                        ("@lease", leaseTokenHash),
                        ("@until", SqlText.Time(leaseUntil)),
                        ("@now", SqlText.Time(now)),
                        ("@id", job.Id)),
                    new Statement(
                        "INSERT INTO attempts (job_id, attempt, agent_id, outcome, started_at) VALUES (@id, @attempt, @agent, 'running', @now)",
                        ("@id", job.Id),
                        ("@attempt", attempt),
                        ("@agent", agentId),
                        ("@now", SqlText.Time(now))),
                    new Statement("UPDATE runs SET status = 'in_progress' WHERE id = @run AND status = 'queued'", ("@run", job.RunId))).ConfigureAwait(false);

                // The row as the update left it (the taken row is locked, so nothing else changed it), without reading it again.
                var claimed = job with
                {
                    Status = JobStatuses.Running,
                    Attempt = attempt,
                    AgentId = agentId,
                    AgentName = agentName,
                    LeaseExpiresAt = SqlText.Stored(leaseUntil),
                    StartedAt = job.StartedAt ?? SqlText.Stored(now),
                };
                var run = (await SqlText.ListAsync(connection, transaction, $"SELECT {RunColumns} {RunFrom} WHERE r.id = @id", ReadRun, cancellationToken, ("@id", job.RunId)).ConfigureAwait(false))[0];
                return new JobClaim(claimed, run);
            },
            cancellationToken);

    public Task<JobRow?> RenewLeaseAsync(long jobId, int attempt, byte[] leaseTokenHash, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        LockingWriteAsync(
            async (connection, transaction) =>
            {
                var changed = await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE jobs SET lease_expires_at = @until WHERE id = @id AND attempt = @attempt AND lease_hash = @lease AND status = 'running'",
                    cancellationToken,
                    ("@until", SqlText.Time(leaseUntil)),
                    ("@id", jobId),
                    ("@attempt", attempt),
                    ("@lease", leaseTokenHash)).ConfigureAwait(false);
                return changed == 0 ? null : await JobAsync(connection, transaction, jobId, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<FenceResult> AppendLogsAsync(long jobId, int attempt, byte[] leaseTokenHash, IReadOnlyList<LogEntryRow> entries, CancellationToken cancellationToken) =>
        LockingWriteAsync(
            async (connection, transaction) =>
            {
                // Held (ShareLock) until the entries are in, so that the attempt cannot be completed or given away meanwhile.
                var runId = await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "SELECT run_id FROM jobs WHERE id = @id AND attempt = @attempt AND lease_hash = @lease AND status = 'running'" + ShareLock,
                    cancellationToken,
                    ("@id", jobId),
                    ("@attempt", attempt),
                    ("@lease", leaseTokenHash)).ConfigureAwait(false);
                if (runId is not long run)
                {
                    return FenceResult.Superseded;
                }

                foreach (var chunk in entries.Chunk(LogRowsPerInsert))
                {
                    await SqlText.ExecuteAsync(connection, transaction, InsertLogs(chunk.Length), cancellationToken, LogParameters(run, jobId, attempt, chunk)).ConfigureAwait(false);
                }

                return FenceResult.Accepted;
            },
            cancellationToken);

    /// <summary>Log entries written by one statement: 8 parameters each, well within SQLite's and PostgreSQL's limits.</summary>
    private const int LogRowsPerInsert = 200;

    private static string InsertLogs(int rows) =>
        "INSERT INTO logs (run_id, job_id, attempt, seq, kind, step, text, level, at, file, line) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@run, @job, @attempt, @seq{i}, @kind{i}, @step{i}, @text{i}, @level{i}, @at{i}, @file{i}, @line{i})")) +
        " ON CONFLICT (job_id, attempt, seq) DO NOTHING";

    private static (string Name, object? Value)[] LogParameters(long run, long jobId, int attempt, LogEntryRow[] entries)
    {
        var parameters = new List<(string Name, object? Value)>(3 + (entries.Length * 8)) { ("@run", run), ("@job", jobId), ("@attempt", attempt) };
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            parameters.Add(($"@seq{i}", entry.Seq));
            parameters.Add(($"@kind{i}", entry.Kind));
            parameters.Add(($"@step{i}", entry.Step));
            parameters.Add(($"@text{i}", entry.Text));
            parameters.Add(($"@level{i}", entry.Level));
            parameters.Add(($"@at{i}", entry.At is { } at ? SqlText.Time(at) : null));
            parameters.Add(($"@file{i}", entry.File));
            parameters.Add(($"@line{i}", entry.Line));
        }

        return [.. parameters];
    }

    /// <summary>The fenced write of a job's result (with <see cref="CompletionValues"/>): it changes the job only while the attempt holds its lease.</summary>
    private protected const string FencedCompletion = """
        UPDATE jobs SET status = 'completed', conclusion = @conclusion, outputs_json = @outputs, steps_json = @steps, finished_at = @now, lease_expires_at = NULL
        WHERE id = @id AND attempt = @attempt AND lease_hash = @lease AND status = 'running'
        """;

    private protected static (string Name, object? Value)[] CompletionValues(long jobId, int attempt, byte[] leaseTokenHash, JobOutcome outcome, DateTimeOffset now) =>
    [
        ("@conclusion", outcome.Conclusion),
        ("@outputs", outcome.OutputsJson),
        ("@steps", outcome.StepsJson),
        ("@now", SqlText.Time(now)),
        ("@id", jobId),
        ("@attempt", attempt),
        ("@lease", leaseTokenHash),
    ];

    public virtual Task<FenceResult> CompleteJobAsync(long jobId, int attempt, byte[] leaseTokenHash, JobOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken) =>
        LockingWriteAsync(
            async (connection, transaction) =>
            {
                var row = await SqlText.ListAsync(
                    connection,
                    transaction,
                    FencedCompletion + " RETURNING run_id, key",
                    r => (Run: r.GetInt64(0), Key: r.GetString(1)),
                    cancellationToken,
                    CompletionValues(jobId, attempt, leaseTokenHash, outcome, now)).ConfigureAwait(false);
                if (row.Count == 0)
                {
                    return FenceResult.Superseded;
                }

                await SqlText.ExecuteAllAsync(
                    connection,
                    transaction,
                    cancellationToken,
                    [EndAttempt(jobId, attempt, "completed", outcome.Conclusion, now), .. RunEventStatements(row[0].Run, "leg", row[0].Key, outcome.Conclusion, outcome.OutputsJson)]).ConfigureAwait(false);
                return FenceResult.Accepted;
            },
            cancellationToken);

    public Task<bool> AbandonAttemptAsync(long jobId, int attempt, string outcome, string reason, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var job = await JobAsync(connection, transaction, jobId, cancellationToken).ConfigureAwait(false);
                if (job is null || job.Status != JobStatuses.Running || job.Attempt != attempt)
                {
                    return false;
                }

                await EndAttemptAsync(connection, transaction, jobId, attempt, outcome, reason, now, cancellationToken).ConfigureAwait(false);
                if (attempt < maxAttempts && !job.CancelRequested)
                {
                    await SqlText.ExecuteAsync(
                        connection,
                        transaction,
                        "UPDATE jobs SET status = 'queued', agent_id = NULL, lease_hash = NULL, lease_expires_at = NULL WHERE id = @id",
                        cancellationToken,
                        ("@id", jobId)).ConfigureAwait(false);
                    return true;
                }

                var conclusion = job.CancelRequested ? "cancelled" : "failure";
                await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE jobs SET status = 'completed', conclusion = @conclusion, finished_at = @now, lease_hash = NULL, lease_expires_at = NULL WHERE id = @id",
                    cancellationToken,
                    ("@conclusion", conclusion),
                    ("@now", SqlText.Time(now)),
                    ("@id", jobId)).ConfigureAwait(false);
                await AppendRunEventAsync(connection, transaction, job.RunId, "leg", job.Key, conclusion, "{}", cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public Task<IReadOnlyList<JobRow>> JobsHeldByAsync(long agentId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobRow>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {JobColumns} {JobFrom} WHERE j.agent_id = @agent AND j.status = 'running' ORDER BY j.id", ReadJob, cancellationToken, ("@agent", agentId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<JobRow>> ExpiredLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<JobRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"SELECT {JobColumns} {JobFrom} WHERE j.status = 'running' AND j.lease_expires_at < @now ORDER BY j.id",
                ReadJob,
                cancellationToken,
                ("@now", SqlText.Time(now))).ConfigureAwait(false),
            cancellationToken);

    public Task RequestJobCancelAsync(long jobId, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                // A job no agent has taken yet ends here; one that runs is told at its next heartbeat.
                var waiting = await SqlText.ListAsync(
                    connection,
                    transaction,
                    "UPDATE jobs SET status = 'completed', conclusion = 'cancelled', cancel_requested = 1, finished_at = @now WHERE id = @id AND status IN ('queued', 'pending') RETURNING run_id, key",
                    r => (Run: r.GetInt64(0), Key: r.GetString(1)),
                    cancellationToken,
                    ("@now", SqlText.Time(now)),
                    ("@id", jobId)).ConfigureAwait(false);
                if (waiting.Count > 0)
                {
                    await AppendRunEventAsync(connection, transaction, waiting[0].Run, "leg", waiting[0].Key, "cancelled", "{}", cancellationToken).ConfigureAwait(false);
                    return 1;
                }

                return await SqlText.ExecuteAsync(connection, transaction, "UPDATE jobs SET cancel_requested = 1 WHERE id = @id AND status = 'running'", cancellationToken, ("@id", jobId)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<IReadOnlyList<LogRow>> LogsAsync(long runId, long afterId, string? jobKey, int limit, CancellationToken cancellationToken) =>
        LogRowsAsync(runId, "l.id > @after", jobKey, limit, cancellationToken, ("@after", afterId));

    public Task<IReadOnlyList<LogRow>> LogsAsync(long runId, long afterId, long throughId, string? jobKey, int limit, CancellationToken cancellationToken) =>
        LogRowsAsync(runId, "l.id > @after AND l.id <= @through", jobKey, limit, cancellationToken, ("@after", afterId), ("@through", throughId));

    public Task<long> LastLogIdAsync(long runId, string? jobKey, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => await SqlText.ScalarAsync(
                connection,
                null,
                // The pages' query backwards, so it walks the same index from the end and stops at the first line.
                "SELECT l.id FROM logs l JOIN jobs j ON j.id = l.job_id WHERE l.run_id = @run AND (CAST(@key AS TEXT) IS NULL OR j.key = @key) ORDER BY l.id DESC LIMIT 1",
                cancellationToken,
                ("@run", runId),
                ("@key", jobKey)).ConfigureAwait(false) is { } last and not DBNull ? Convert.ToInt64(last, System.Globalization.CultureInfo.InvariantCulture) : 0L,
            cancellationToken);

    // The kinds as the partial index logs_marks names them, word for word, so that SQLite uses it.
    public Task<IReadOnlyList<LogRow>> LogMarksAsync(long runId, string? jobKey, int limit, CancellationToken cancellationToken) =>
        LogRowsAsync(runId, "l.kind IN ('step', 'step-end', 'annotation')", jobKey, limit, cancellationToken);

    private Task<IReadOnlyList<LogRow>> LogRowsAsync(long runId, string condition, string? jobKey, int limit, CancellationToken cancellationToken, params (string Name, object? Value)[] more) =>
        ReadAsync<IReadOnlyList<LogRow>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"""
                SELECT {LogColumns}
                FROM logs l JOIN jobs j ON j.id = l.job_id
                WHERE l.run_id = @run AND {condition} AND (CAST(@key AS TEXT) IS NULL OR j.key = @key)
                ORDER BY l.id LIMIT @limit
                """,
                ReadLog,
                cancellationToken,
                [("@run", runId), ("@key", jobKey), ("@limit", limit), .. more]).ConfigureAwait(false),
            cancellationToken);

    private const string LogColumns = "l.id, l.job_id, j.key, l.attempt, l.seq, l.kind, l.step, l.text, l.level, l.at, l.file, l.line";

    private static LogRow ReadLog(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetInt32(3),
        r.GetInt64(4),
        r.GetString(5),
        SqlText.NullableString(r, 6),
        r.GetString(7),
        SqlText.NullableString(r, 8),
        SqlText.NullableTime(r, 9),
        SqlText.NullableString(r, 10),
        r.IsDBNull(11) ? null : r.GetInt32(11));

    private static async Task EndAttemptAsync(DbConnection connection, DbTransaction transaction, long jobId, int attempt, string outcome, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await SqlText.ExecuteAllAsync(connection, transaction, cancellationToken, EndAttempt(jobId, attempt, outcome, reason, now)).ConfigureAwait(false);

    private static Statement EndAttempt(long jobId, int attempt, string outcome, string? reason, DateTimeOffset now) =>
        new(
            "UPDATE attempts SET outcome = @outcome, reason = @reason, ended_at = @now WHERE job_id = @id AND attempt = @attempt",
            ("@outcome", outcome),
            ("@reason", reason),
            ("@now", SqlText.Time(now)),
            ("@id", jobId),
            ("@attempt", attempt));

    private static async Task<JobRow?> JobAsync(DbConnection connection, DbTransaction? transaction, long jobId, CancellationToken cancellationToken) =>
        (await SqlText.ListAsync(connection, transaction, $"SELECT {JobColumns} {JobFrom} WHERE j.id = @id", ReadJob, cancellationToken, ("@id", jobId)).ConfigureAwait(false)).FirstOrDefault();

    private protected static JobRow ReadJob(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        StringLists.FromJson(r.GetString(5)),
        r.GetString(6),
        r.GetString(7),
        SqlText.NullableString(r, 8),
        r.GetInt32(9),
        SqlText.NullableLong(r, 10),
        SqlText.NullableString(r, 11),
        SqlText.NullableTime(r, 12),
        SqlText.Flag(r, 13),
        SqlText.NullableString(r, 14),
        SqlText.NullableString(r, 15),
        SqlText.Time(r, 16),
        SqlText.NullableTime(r, 17),
        SqlText.NullableTime(r, 18))
    {
        StartCancelled = SqlText.Flag(r, 19),
        Detail = SqlText.NullableString(r, 20),
    };
}
