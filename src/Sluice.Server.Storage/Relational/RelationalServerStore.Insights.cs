using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    /// <summary>How many tests each top list of <see cref="InsightsAsync"/> names.</summary>
    public const int InsightsTopTests = 10;

    public Task<RepositoryInsights> InsightsAsync(long repositoryId, InsightsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To < query.From)
        {
            throw new ArgumentException($"the period ends ({query.To:yyyy-MM-dd}) before it starts ({query.From:yyyy-MM-dd})", nameof(query));
        }

        var (runFilter, parameters) = RunFilter(new RunQuery(0, Branch: query.Branch, Workflow: query.Workflow));
        parameters.Add(("@insightsRepo", repositoryId));
        parameters.Add(("@from", SqlText.Time(InsightsDays.StartOf(query.From))));
        parameters.Add(("@to", SqlText.Time(InsightsDays.StartOf(query.To.AddDays(1)))));
        (string Name, object? Value)[] runParameters = [.. parameters];

        // Quality runs record a branch name (`sluice gate` takes git's current branch, or the CI's); a ref of a branch is taken for its name.
        var branchName = query.Branch is { } b && b.StartsWith("refs/heads/", StringComparison.Ordinal) ? b["refs/heads/".Length..] : query.Branch;
        var qualityFilter = branchName is null ? "" : " AND (q.branch = @branch OR q.branch = @branchName)";
        (string Name, object? Value)[] qualityParameters =
        [
            ("@insightsRepo", repositoryId),
            ("@from", SqlText.Time(InsightsDays.StartOf(query.From))),
            ("@to", SqlText.Time(InsightsDays.StartOf(query.To.AddDays(1)))),
            ("@branch", query.Branch),
            ("@branchName", branchName),
            ("@top", InsightsTopTests),
        ];
        const string QualityTestsFrom = "FROM quality_tests t JOIN quality_runs q ON q.id = t.run_id WHERE q.repository_id = @insightsRepo AND q.recorded_at >= @from AND q.recorded_at < @to AND t.outcome <> 'Skipped'";

        return ReadAsync(
            async connection =>
            {
                var runs = await SqlText.ListAsync(
                    connection,
                    null,
                    $"SELECT r.created_at, r.finished_at, r.status, r.conclusion FROM runs r WHERE r.repository_id = @insightsRepo AND r.created_at >= @from AND r.created_at < @to AND {runFilter}",
                    r => new RunFact(SqlText.Time(r, 0), SqlText.NullableTime(r, 1), r.GetString(2), SqlText.NullableString(r, 3)),
                    cancellationToken,
                    runParameters).ConfigureAwait(false);
                // A job is queued while its run lives: runs created after the period or ended before it are not joined.
                var jobs = await SqlText.ListAsync(
                    connection,
                    null,
                    $"""
                    SELECT j.queued_at, j.started_at FROM runs r JOIN jobs j ON j.run_id = r.id
                    WHERE r.repository_id = @insightsRepo AND r.created_at < @to AND (r.finished_at IS NULL OR r.finished_at >= @from) AND {runFilter}
                    AND j.started_at IS NOT NULL AND j.queued_at >= @from AND j.queued_at < @to
                    """,
                    r => new JobWait(SqlText.Time(r, 0), SqlText.Time(r, 1)),
                    cancellationToken,
                    runParameters).ConfigureAwait(false);
                var quality = await SqlText.ListAsync(
                    connection,
                    null,
                    $"""
                    SELECT q.recorded_at, CASE WHEN EXISTS (SELECT 1 FROM quality_tests t WHERE t.run_id = q.id AND t.outcome = 'Flaky') THEN 1 ELSE 0 END
                    FROM quality_runs q WHERE q.repository_id = @insightsRepo AND q.recorded_at >= @from AND q.recorded_at < @to{qualityFilter}
                    """,
                    r => new QualityFact(SqlText.Time(r, 0), SqlText.Flag(r, 1)),
                    cancellationToken,
                    qualityParameters).ConfigureAwait(false);
                var slowest = await SqlText.ListAsync(
                    connection,
                    null,
                    $"SELECT t.test_id, avg(t.duration_s), count(*) {QualityTestsFrom}{qualityFilter} GROUP BY t.test_id ORDER BY avg(t.duration_s) DESC, t.test_id LIMIT @top",
                    r => new SlowTest(r.GetString(0), r.GetDouble(1), Count(r, 2)),
                    cancellationToken,
                    qualityParameters).ConfigureAwait(false);
                const string Failures = "sum(CASE WHEN t.outcome IN ('Failed', 'Errored') THEN 1 ELSE 0 END)";
                var failing = await SqlText.ListAsync(
                    connection,
                    null,
                    $"""
                    SELECT t.test_id, {Failures}, count(*) {QualityTestsFrom}{qualityFilter}
                    GROUP BY t.test_id HAVING {Failures} > 0 ORDER BY {Failures} DESC, count(*), t.test_id LIMIT @top
                    """,
                    r => new FailingTest(r.GetString(0), Count(r, 1), Count(r, 2), (double)Count(r, 1) / Count(r, 2)),
                    cancellationToken,
                    qualityParameters).ConfigureAwait(false);
                return new RepositoryInsights(InsightsDays.Of(query, runs, jobs, quality), slowest, failing);
            },
            cancellationToken);
    }

    /// <summary>A count or sum, whichever width of integer (or, summed, of decimal) the database gives it.</summary>
    private static int Count(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
