using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string RunColumns =
        "r.id, r.repository_id, p.name, r.number, r.workflow_name, r.workflow_file, r.workflow_text, r.event, r.ref, r.sha, r.context_json, " +
        "r.triggered_by, r.secrets_allowed, r.status, r.conclusion, r.cancel_requested, r.created_at, r.finished_at, r.rerun_of, r.failed_only, r.attempt, r.status_detail, r.rollback_of";

    private const string RunFrom = "FROM runs r JOIN repositories p ON p.id = r.repository_id";

    public Task<RunRecord> CreateRunAsync(NewRun run, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                // A re-run keeps the number of the run it repeats, as on GitHub, with the next attempt of that number.
                var number = run.RerunOf is { } original
                    ? (long)(await SqlText.ScalarAsync(connection, transaction, "SELECT number FROM runs WHERE id = @id", cancellationToken, ("@id", original)).ConfigureAwait(false)
                        ?? throw new StoreException($"no run {original} to re-run"))
                    : (long)(await SqlText.ScalarAsync(
                        connection,
                        transaction,
                        "UPDATE repositories SET next_run_number = next_run_number + 1 WHERE id = @id RETURNING next_run_number - 1",
                        cancellationToken,
                        ("@id", run.RepositoryId)).ConfigureAwait(false)
                        ?? throw new StoreException($"no repository with id {run.RepositoryId}"));
                var attempt = run.RerunOf is null
                    ? 1
                    : Convert.ToInt32(await SqlText.ScalarAsync(connection, transaction, "SELECT max(attempt) + 1 FROM runs WHERE repository_id = @repo AND number = @number", cancellationToken, ("@repo", run.RepositoryId), ("@number", number)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                var id = (long)(await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO runs (repository_id, number, workflow_name, workflow_file, workflow_text, event, ref, sha, context_json, triggered_by, secrets_allowed, status, created_at, rerun_of, failed_only, attempt, rollback_of)
                    VALUES (@repo, @number, @name, @file, @text, @event, @ref, @sha, @context, @by, @secrets, 'queued', @now, @rerun, @failed, @attempt, @rollback) RETURNING id
                    """,
                    cancellationToken,
                    ("@repo", run.RepositoryId),
                    ("@number", number),
                    ("@name", run.WorkflowName),
                    ("@file", run.WorkflowFile),
                    ("@text", run.WorkflowText),
                    ("@event", run.Event),
                    ("@ref", run.Ref),
                    ("@sha", run.Sha),
                    ("@context", run.ContextJson),
                    ("@by", run.TriggeredBy),
                    ("@secrets", run.SecretsAllowed),
                    ("@now", SqlText.Time(now)),
                    ("@rerun", run.RerunOf),
                    ("@failed", run.FailedOnly),
                    ("@attempt", attempt),
                    ("@rollback", run.RollbackOf)).ConfigureAwait(false))!;
                return (await SqlText.ListAsync(connection, transaction, $"SELECT {RunColumns} {RunFrom} WHERE r.id = @id", ReadRun, cancellationToken, ("@id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task<RunRecord?> RunAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await SqlText.ListAsync(connection, null, $"SELECT {RunColumns} {RunFrom} WHERE r.id = @id", ReadRun, cancellationToken, ("@id", id)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<RunRecord>> RunsAsync(string? repository, int limit, CancellationToken cancellationToken) =>
        RunsAsync(new RunQuery(limit, repository), cancellationToken);

    public Task<IReadOnlyList<RunRecord>> RunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = RunFilter(query);
        parameters.Add(("@limit", query.Limit));
        return ReadAsync<IReadOnlyList<RunRecord>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {RunColumns} {RunFrom} WHERE {where} ORDER BY r.id DESC LIMIT @limit", ReadRun, cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<RunFacets> RunFacetsAsync(long repositoryId, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection =>
            {
                // Each value once, the most recently used first, so that a menu starts with what is current.
                async Task<IReadOnlyList<string>> ValuesAsync(string column) => await SqlText.ListAsync(
                    connection,
                    null,
                    $"SELECT {column} FROM runs WHERE repository_id = @repo GROUP BY {column} ORDER BY max(id) DESC LIMIT @limit",
                    r => r.GetString(0),
                    cancellationToken,
                    ("@repo", repositoryId),
                    ("@limit", limit)).ConfigureAwait(false);

                return new RunFacets(await ValuesAsync("ref").ConfigureAwait(false), await ValuesAsync("workflow_name").ConfigureAwait(false), await ValuesAsync("event").ConfigureAwait(false));
            },
            cancellationToken);

    /// <summary>The conditions of the filters that are set, and only those, so that each query can use its index.</summary>
    private static (string Where, List<(string Name, object? Value)> Parameters) RunFilter(RunQuery query)
    {
        var conditions = new List<string> { "1 = 1" };
        var parameters = new List<(string Name, object? Value)>();
        void Add(string condition, params (string Name, object? Value)[] values)
        {
            conditions.Add(condition);
            parameters.AddRange(values);
        }

        if (query.BeforeId is { } before)
        {
            Add("r.id < @before", ("@before", before));
        }

        if (query.Repository is { } repository)
        {
            Add("p.name = @repo", ("@repo", repository));
        }

        if (query.Repositories is { } allowed)
        {
            var names = allowed.Select((name, i) => ($"@allowed{i}", (object?)name)).ToArray();
            Add(names.Length == 0 ? "1 = 0" : $"p.name IN ({string.Join(", ", names.Select(n => n.Item1))})", names);
        }

        if (query.Branch is { } branch)
        {
            Add("(r.ref = @branch OR r.ref = @branchRef)", ("@branch", branch), ("@branchRef", "refs/heads/" + branch));
        }

        if (query.Workflow is { } workflow)
        {
            Add(
                "(r.workflow_name = @workflow OR r.workflow_file = @workflow OR r.workflow_file = @workflowFile)",
                ("@workflow", workflow),
                ("@workflowFile", ".github/workflows/" + workflow));
        }

        if (query.Event is { } eventName)
        {
            Add("r.event = @event", ("@event", eventName));
        }

        if (query.Status is { } status)
        {
            if (status is RunStatuses.Queued or RunStatuses.Pending or RunStatuses.InProgress or RunStatuses.Completed)
            {
                Add("r.status = @status", ("@status", status));
            }
            else
            {
                Add("r.status = 'completed' AND r.conclusion = @conclusion", ("@conclusion", status));
            }
        }

        return (string.Join(" AND ", conditions), parameters);
    }

    public Task<IReadOnlyList<RunRecord>> UnfinishedRunsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RunRecord>>(
            async connection => await SqlText.ListAsync(connection, null, $"SELECT {RunColumns} {RunFrom} WHERE r.status <> 'completed' ORDER BY r.id", ReadRun, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<RunEvent>> RunEventsAsync(long runId, long afterSeq, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RunEvent>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT seq, kind, leg_key, conclusion, outputs_json, detail, body FROM run_events WHERE run_id = @id AND seq > @after ORDER BY seq",
                r => new RunEvent(r.GetInt64(0), r.GetString(1), SqlText.NullableString(r, 2), SqlText.NullableString(r, 3), SqlText.NullableString(r, 4), SqlText.NullableString(r, 5), SqlText.NullableString(r, 6)),
                cancellationToken,
                ("@id", runId),
                ("@after", afterSeq)).ConfigureAwait(false),
            cancellationToken);

    public Task<bool> CancelRunAsync(long runId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var changed = await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE runs SET cancel_requested = 1 WHERE id = @id AND status <> 'completed' AND cancel_requested = 0",
                    cancellationToken,
                    ("@id", runId)).ConfigureAwait(false);
                if (changed == 0)
                {
                    return false;
                }

                await AppendRunEventAsync(connection, transaction, runId, "cancel", null, null, null, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    public Task<bool> FinishRunAsync(long runId, string conclusion, DateTimeOffset now, CancellationToken cancellationToken, string? detail = null) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE runs SET status = 'completed', conclusion = @conclusion, finished_at = @now, status_detail = coalesce(@detail, status_detail) WHERE id = @id AND status <> 'completed'",
                cancellationToken,
                ("@conclusion", conclusion),
                ("@now", SqlText.Time(now)),
                ("@detail", detail),
                ("@id", runId)).ConfigureAwait(false) > 0,
            cancellationToken);

    public Task<bool> RecordCallAsync(long runId, string legKey, string fileOrProblem, string? text, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var known = await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    "SELECT count(*) FROM run_events WHERE run_id = @run AND kind = 'call' AND leg_key = @leg",
                    cancellationToken,
                    ("@run", runId),
                    ("@leg", legKey)).ConfigureAwait(false);
                if (Convert.ToInt64(known, System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    return false;
                }

                await AppendRunEventAsync(connection, transaction, runId, "call", legKey, text is null ? "failure" : null, null, cancellationToken, fileOrProblem, text).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    private protected async Task AppendRunEventAsync(DbConnection connection, DbTransaction transaction, long runId, string kind, string? legKey, string? conclusion, string? outputsJson, CancellationToken cancellationToken, string? detail = null, string? body = null) =>
        await SqlText.ExecuteAllAsync(connection, transaction, cancellationToken, RunEventStatements(runId, kind, legKey, conclusion, outputsJson, detail, body)).ConfigureAwait(false);

    /// <summary>
    /// The statements that append a run event, numbered after the run's last: the run's row is locked first where
    /// writers run side by side (<see cref="RunLock"/>), so that the number is read after any other append committed.
    /// </summary>
    private protected List<Statement> RunEventStatements(long runId, string kind, string? legKey, string? conclusion, string? outputsJson, string? detail = null, string? body = null)
    {
        var statements = new List<Statement>(3);
        if (RunLock is { } runLock)
        {
            statements.Add(new Statement(runLock, ("@run", runId)));
        }

        statements.Add(new Statement(
            """
            INSERT INTO run_events (run_id, seq, kind, leg_key, conclusion, outputs_json, detail, body)
            VALUES (@run, (SELECT coalesce(max(seq), 0) + 1 FROM run_events WHERE run_id = @run), @kind, @leg, @conclusion, @outputs, @detail, @body)
            """,
            ("@run", runId),
            ("@kind", kind),
            ("@leg", legKey),
            ("@conclusion", conclusion),
            ("@outputs", outputsJson),
            ("@detail", detail),
            ("@body", body)));
        statements.Add(new Statement("UPDATE runs SET status = 'in_progress' WHERE id = @run AND status = 'queued'", ("@run", runId)));
        return statements;
    }

    private static RunRecord ReadRun(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetInt64(3),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        r.GetString(9),
        r.GetString(10),
        r.GetString(11),
        SqlText.Flag(r, 12),
        r.GetString(13),
        SqlText.NullableString(r, 14),
        SqlText.Flag(r, 15),
        SqlText.Time(r, 16),
        SqlText.NullableTime(r, 17))
    {
        RerunOf = SqlText.NullableLong(r, 18),
        FailedOnly = SqlText.Flag(r, 19),
        Attempt = r.GetInt32(20),
        Detail = SqlText.NullableString(r, 21),
        RollbackOf = SqlText.NullableLong(r, 22),
    };
}
