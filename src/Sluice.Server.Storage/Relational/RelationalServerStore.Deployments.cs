using System.Data.Common;
using System.Globalization;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string DeploymentColumns =
        "d.id, d.repository_id, p.name, d.environment, d.run_id, r.number, d.job_key, d.ref, d.sha, d.url, d.status, d.detail, d.triggered_by, " +
        "d.created_at, d.started_at, d.deployed_at, d.healthy_at, d.failed_at, d.commit_at, d.rollback_of, d.wait_until, d.reviewers, " +
        "d.health_text, d.health_started_at, d.health_until, d.next_sample_at, d.health_failures, d.health_inconclusive";

    private const string DeploymentFrom = "FROM deployments d JOIN repositories p ON p.id = d.repository_id JOIN runs r ON r.id = d.run_id";

    public Task<DeploymentRow> CreateDeploymentAsync(NewDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return WriteAsync(
            async (connection, transaction) =>
            {
                // A restarted server replays the run and begins the same deployment again: the first one stands.
                await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO deployments (repository_id, environment, environment_key, run_id, job_key, ref, sha, url, status, detail, triggered_by,
                        created_at, commit_at, rollback_of, wait_until, reviewers, health_text, failed_at)
                    VALUES (@repo, @env, @key, @run, @job, @ref, @sha, @url, @status, @detail, @by, @now, @commit, @rollback, @wait, @reviewers, @health, NULL)
                    ON CONFLICT (run_id, job_key) DO NOTHING
                    """,
                    cancellationToken,
                    ("@repo", deployment.RepositoryId),
                    ("@env", deployment.Environment),
                    ("@key", EnvironmentKey(deployment.Environment)),
                    ("@run", deployment.RunId),
                    ("@job", deployment.JobKey),
                    ("@ref", deployment.Ref),
                    ("@sha", deployment.Sha),
                    ("@url", deployment.Url),
                    ("@status", deployment.Status),
                    ("@detail", deployment.Detail),
                    ("@by", deployment.TriggeredBy),
                    ("@now", SqlText.Time(now)),
                    ("@commit", deployment.CommitAt is { } c ? SqlText.Time(c) : null),
                    ("@rollback", deployment.RollbackOf),
                    ("@wait", deployment.WaitUntil is { } w ? SqlText.Time(w) : null),
                    ("@reviewers", StringLists.ToJson(deployment.Reviewers)),
                    ("@health", deployment.HealthText)).ConfigureAwait(false);
                return (await DeploymentsWhereAsync(connection, transaction, "d.run_id = @run AND d.job_key = @job", cancellationToken, ("@run", deployment.RunId), ("@job", deployment.JobKey)).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    public Task<DeploymentRow?> DeploymentAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(async connection => (await DeploymentsWhereAsync(connection, null, "d.id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<DeploymentRow?> DeploymentOfLegAsync(long runId, string jobKey, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await DeploymentsWhereAsync(connection, null, "d.run_id = @run AND d.job_key = @job", cancellationToken, ("@run", runId), ("@job", jobKey)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<DeploymentRow>> DeploymentsAsync(DeploymentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = "d.repository_id = @repo";
        var parameters = new List<(string, object?)> { ("@repo", query.RepositoryId), ("@limit", query.Limit) };
        if (query.Environment is { } environment)
        {
            where += " AND d.environment_key = @key";
            parameters.Add(("@key", EnvironmentKey(environment)));
        }

        if (query.Since is { } since)
        {
            where += " AND d.created_at >= @since";
            parameters.Add(("@since", SqlText.Time(since)));
        }

        return ReadAsync<IReadOnlyList<DeploymentRow>>(
            async connection => await DeploymentsWhereAsync(connection, null, where + " ORDER BY d.id DESC LIMIT @limit", cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<DeploymentRow?> ChangeDeploymentAsync(long id, DeploymentChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var sets = new List<string> { "status = @status" };
        var parameters = new List<(string, object?)> { ("@id", id), ("@status", change.Status) };
        void Set(string column, object? value)
        {
            if (value is not null)
            {
                sets.Add($"{column} = @{column}");
                parameters.Add(("@" + column, value is DateTimeOffset time ? SqlText.Time(time) : value));
            }
        }

        Set("detail", change.Detail);
        Set("started_at", change.StartedAt);
        Set("deployed_at", change.DeployedAt);
        Set("healthy_at", change.HealthyAt);
        Set("failed_at", change.FailedAt);
        Set("url", change.Url);
        Set("health_started_at", change.HealthStartedAt);
        Set("health_until", change.HealthUntil);
        Set("next_sample_at", change.NextSampleAt);
        Set("health_failures", change.HealthFailures);
        Set("health_inconclusive", change.HealthInconclusive);
        var from = string.Join(", ", change.From.Select((_, i) => $"@from{i}"));
        parameters.AddRange(change.From.Select((status, i) => ($"@from{i}", (object?)status)));
        return WriteAsync(
            async (connection, transaction) =>
            {
                var changed = await SqlText.ListAsync(
                    connection,
                    transaction,
                    $"UPDATE deployments SET {string.Join(", ", sets)} WHERE id = @id AND status IN ({from}) RETURNING run_id, job_key",
                    r => (Run: r.GetInt64(0), Key: r.GetString(1)),
                    cancellationToken,
                    [.. parameters]).ConfigureAwait(false);
                if (changed.Count == 0)
                {
                    return null;
                }

                if (change.VerifiedConclusion is { } conclusion)
                {
                    await AppendRunEventAsync(connection, transaction, changed[0].Run, "verified", changed[0].Key, conclusion, null, cancellationToken, change.Detail).ConfigureAwait(false);
                }

                return (await DeploymentsWhereAsync(connection, transaction, "d.id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    public Task<DeploymentReviewOutcome> ReviewDeploymentAsync(long id, DeploymentReviewRow review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        return WriteAsync(
            async (connection, transaction) =>
            {
                // The status moves first, conditionally, so that two reviewers answering at once record one outcome.
                var status = review.Approved ? DeploymentStatusNames.Waiting : DeploymentStatusNames.Failure;
                var changed = await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    review.Approved
                        ? "UPDATE deployments SET status = status WHERE id = @id AND status = 'waiting' AND NOT EXISTS (SELECT 1 FROM deployment_reviews WHERE deployment_id = @id AND approved = 1)"
                        : "UPDATE deployments SET status = 'failure', detail = @detail WHERE id = @id AND status = 'waiting' AND NOT EXISTS (SELECT 1 FROM deployment_reviews WHERE deployment_id = @id AND approved = 1)",
                    cancellationToken,
                    ("@id", id),
                    ("@detail", RejectionDetail(review))).ConfigureAwait(false);
                if (changed == 0)
                {
                    return new DeploymentReviewOutcome(false, (await DeploymentsWhereAsync(connection, transaction, "d.id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false)).FirstOrDefault());
                }

                await SqlText.ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO deployment_reviews (deployment_id, reviewer, approved, comment, at) VALUES (@id, @reviewer, @approved, @comment, @at)
                    ON CONFLICT (deployment_id, reviewer) DO UPDATE SET approved = excluded.approved, comment = excluded.comment, at = excluded.at
                    """,
                    cancellationToken,
                    ("@id", id),
                    ("@reviewer", review.Reviewer),
                    ("@approved", review.Approved),
                    ("@comment", review.Comment),
                    ("@at", SqlText.Time(review.At))).ConfigureAwait(false);
                if (review.Approved)
                {
                    // Approved: it goes on at once, or when its wait timer ends (the verifier's loop releases it then).
                    await SqlText.ExecuteAsync(
                        connection,
                        transaction,
                        "UPDATE deployments SET status = 'queued', detail = NULL WHERE id = @id AND status = @status AND (wait_until IS NULL OR wait_until <= @now)",
                        cancellationToken,
                        ("@id", id),
                        ("@status", status),
                        ("@now", SqlText.Time(now))).ConfigureAwait(false);
                }

                return new DeploymentReviewOutcome(true, (await DeploymentsWhereAsync(connection, transaction, "d.id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false))[0]);
            },
            cancellationToken);
    }

    private static string RejectionDetail(DeploymentReviewRow review) =>
        review.Comment is { Length: > 0 } comment ? $"Rejected by {review.Reviewer}: {comment}" : $"Rejected by {review.Reviewer}";

    public Task<IReadOnlyList<DeploymentRow>> DueDeploymentsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<DeploymentRow>>(
            async connection => await DeploymentsWhereAsync(
                connection,
                null,
                """
                (d.status = 'waiting' AND d.wait_until IS NOT NULL AND d.wait_until <= @now
                    AND (d.reviewers = '[]' OR EXISTS (SELECT 1 FROM deployment_reviews v WHERE v.deployment_id = d.id AND v.approved = 1)))
                OR (d.status = 'verifying' AND d.next_sample_at IS NOT NULL AND d.next_sample_at <= @now)
                ORDER BY d.id LIMIT @limit
                """,
                cancellationToken,
                ("@now", SqlText.Time(now)),
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);

    public Task<DeploymentRow?> LastHealthyDeploymentAsync(long repositoryId, string environment, long beforeId, CancellationToken cancellationToken) =>
        ReadAsync(
            async connection => (await DeploymentsWhereAsync(
                connection,
                null,
                "d.repository_id = @repo AND d.environment_key = @key AND d.id < @before AND d.healthy_at IS NOT NULL AND d.status IN ('success', 'inactive') ORDER BY d.healthy_at DESC, d.id DESC LIMIT 1",
                cancellationToken,
                ("@repo", repositoryId),
                ("@key", EnvironmentKey(environment)),
                ("@before", beforeId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<int> RetireDeploymentsAsync(long repositoryId, string environment, long keepId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE deployments SET status = 'inactive' WHERE repository_id = @repo AND environment_key = @key AND id <> @keep AND status = 'success'",
                cancellationToken,
                ("@repo", repositoryId),
                ("@key", EnvironmentKey(environment)),
                ("@keep", keepId)).ConfigureAwait(false),
            cancellationToken);

    public Task AddDeploymentSampleAsync(DeploymentSampleRow sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO deployment_samples (deployment_id, at, verdict, document) VALUES (@id, @at, @verdict, @document) ON CONFLICT (deployment_id, at) DO NOTHING",
                cancellationToken,
                ("@id", sample.DeploymentId),
                ("@at", SqlText.Time(sample.At)),
                ("@verdict", sample.Verdict),
                ("@document", sample.Document)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<DeploymentSampleRow>> DeploymentSamplesAsync(long deploymentId, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<DeploymentSampleRow>>(
            async connection =>
            {
                var latest = await SqlText.ListAsync(
                    connection,
                    null,
                    "SELECT deployment_id, at, verdict, document FROM deployment_samples WHERE deployment_id = @id ORDER BY at DESC LIMIT @limit",
                    r => new DeploymentSampleRow(r.GetInt64(0), SqlText.Time(r, 1), r.GetString(2), r.GetString(3)),
                    cancellationToken,
                    ("@id", deploymentId),
                    ("@limit", limit)).ConfigureAwait(false);
                latest.Reverse();
                return latest;
            },
            cancellationToken);

    public Task<bool> ReleaseHeldJobAsync(long runId, string jobKey, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "UPDATE jobs SET status = 'queued', detail = NULL WHERE run_id = @run AND key = @key AND status = 'pending'",
                cancellationToken,
                ("@run", runId),
                ("@key", jobKey)).ConfigureAwait(false) > 0,
            cancellationToken);

    private static async Task<List<DeploymentRow>> DeploymentsWhereAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = await SqlText.ListAsync(connection, transaction, $"SELECT {DeploymentColumns} {DeploymentFrom} WHERE {where}", ReadDeployment, cancellationToken, parameters).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return rows;
        }

        var ids = string.Join(", ", rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)));
        var reviews = await SqlText.ListAsync(
            connection,
            transaction,
            $"SELECT deployment_id, reviewer, approved, comment, at FROM deployment_reviews WHERE deployment_id IN ({ids}) ORDER BY at, reviewer",
            r => (Id: r.GetInt64(0), Review: new DeploymentReviewRow(r.GetString(1), SqlText.Flag(r, 2), SqlText.NullableString(r, 3), SqlText.Time(r, 4))),
            cancellationToken).ConfigureAwait(false);
        var byDeployment = reviews.ToLookup(r => r.Id, r => r.Review);
        return [.. rows.Select(row => byDeployment.Contains(row.Id) ? row with { Reviews = [.. byDeployment[row.Id]] } : row)];
    }

    private static DeploymentRow ReadDeployment(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt64(4),
        r.GetInt64(5),
        r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        SqlText.NullableString(r, 9),
        r.GetString(10),
        SqlText.NullableString(r, 11),
        r.GetString(12),
        SqlText.Time(r, 13),
        SqlText.NullableTime(r, 14),
        SqlText.NullableTime(r, 15),
        SqlText.NullableTime(r, 16),
        SqlText.NullableTime(r, 17),
        SqlText.NullableTime(r, 18),
        SqlText.NullableLong(r, 19),
        SqlText.NullableTime(r, 20),
        StringLists.FromJson(r.GetString(21)))
    {
        HealthText = SqlText.NullableString(r, 22),
        HealthStartedAt = SqlText.NullableTime(r, 23),
        HealthUntil = SqlText.NullableTime(r, 24),
        NextSampleAt = SqlText.NullableTime(r, 25),
        HealthFailures = Convert.ToInt32(r.GetValue(26), CultureInfo.InvariantCulture),
        HealthInconclusive = Convert.ToInt32(r.GetValue(27), CultureInfo.InvariantCulture),
    };

    private static class DeploymentStatusNames
    {
        public const string Waiting = "waiting";
        public const string Failure = "failure";
    }
}
