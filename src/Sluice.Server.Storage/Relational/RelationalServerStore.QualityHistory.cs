using System.Data.Common;
using Sluice.Quality.History;
using Sluice.Quality.Reports;

namespace Sluice.Server.Storage.Relational;

public abstract partial class RelationalServerStore
{
    private const string QualityRunColumns =
        "id, commit_sha, tree_hash, branch, base_branch, recorded_at, lines_covered, lines_valid, branches_covered, branches_valid";

    public Task<RunSummary> RecordQualityRunAsync(long repositoryId, NewQualityRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Header.Validate();
        RequireDistinct(run.Tests.Select(t => t.Id), "test");
        RequireDistinct(run.Benchmarks.Select(b => b.Name), "benchmark");
        return WriteAsync(
            async (connection, transaction) =>
            {
                var header = run.Header;
                var coverage = run.Coverage;
                var id = (long)(await SqlText.ScalarAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO quality_runs (repository_id, commit_sha, tree_hash, branch, base_branch, recorded_at, lines_covered, lines_valid, branches_covered, branches_valid, sluice_run_id, job_id, attempt)
                    VALUES (@repo, @commit, @tree, @branch, @base, @at, @lc, @lv, @bc, @bv, @sluiceRun, @job, @attempt) RETURNING id
                    """,
                    cancellationToken,
                    ("@repo", repositoryId),
                    ("@commit", header.CommitSha),
                    ("@tree", header.TreeHash),
                    ("@branch", header.Branch),
                    ("@base", header.BaseBranch),
                    ("@at", SqlText.Time(now)),
                    ("@lc", coverage?.LinesCovered),
                    ("@lv", coverage?.LinesValid),
                    ("@bc", coverage?.BranchesCovered),
                    ("@bv", coverage?.BranchesValid),
                    ("@sluiceRun", run.Origin?.RunId),
                    ("@job", run.Origin?.JobId),
                    ("@attempt", run.Origin?.Attempt)).ConfigureAwait(false))!;
                await using (var insert = SqlText.Command(
                    connection,
                    transaction,
                    "INSERT INTO quality_tests (run_id, test_id, name, outcome, duration_s, attempts) VALUES (@run, @id, @name, @outcome, @duration, @attempts)",
                    ("@run", id),
                    ("@id", ""),
                    ("@name", null),
                    ("@outcome", ""),
                    ("@duration", 0.0),
                    ("@attempts", 0)))
                {
                    foreach (var test in run.Tests)
                    {
                        insert.Parameters["@id"].Value = test.Id;
                        insert.Parameters["@name"].Value = test.Name is { } name && name != test.Id ? name : DBNull.Value;
                        insert.Parameters["@outcome"].Value = test.Outcome.ToString();
                        insert.Parameters["@duration"].Value = test.DurationSeconds;
                        insert.Parameters["@attempts"].Value = test.Attempts;
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await using (var insert = SqlText.Command(
                    connection,
                    transaction,
                    "INSERT INTO quality_benchmarks (run_id, name, mean_ns, stddev_ns, samples) VALUES (@run, @name, @mean, @stddev, @samples)",
                    ("@run", id),
                    ("@name", ""),
                    ("@mean", 0.0),
                    ("@stddev", 0.0),
                    ("@samples", 0)))
                {
                    foreach (var benchmark in run.Benchmarks)
                    {
                        insert.Parameters["@name"].Value = benchmark.Name;
                        insert.Parameters["@mean"].Value = benchmark.MeanNs;
                        insert.Parameters["@stddev"].Value = benchmark.StdDevNs;
                        insert.Parameters["@samples"].Value = benchmark.Samples;
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return new RunSummary(id, header.CommitSha, header.TreeHash, header.Branch, header.BaseBranch, DateTimeOffset.FromUnixTimeMilliseconds(SqlText.Time(now)), coverage);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RunSummary>> QualityRunsAsync(long repositoryId, string? branch, string? treeHash, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<RunSummary>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                $"""
                SELECT {QualityRunColumns} FROM quality_runs
                WHERE repository_id = @repo AND (CAST(@branch AS TEXT) IS NULL OR branch = @branch) AND (CAST(@tree AS TEXT) IS NULL OR tree_hash = @tree)
                ORDER BY id DESC LIMIT @limit
                """,
                ReadQualityRun,
                cancellationToken,
                ("@repo", repositoryId),
                ("@branch", branch),
                ("@tree", treeHash),
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<QualityResultRow>> QualityResultsAsync(long repositoryId, QualityResultQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(connection => QualityResultsAsync(connection, repositoryId, query, cancellationToken), cancellationToken);
    }

    /// <summary>The results <paramref name="query"/> asks for, in one query however many ids it names (each database has its own way).</summary>
    private protected abstract Task<IReadOnlyList<QualityResultRow>> QualityResultsAsync(DbConnection connection, long repositoryId, QualityResultQuery query, CancellationToken cancellationToken);

    private protected const string QualityResultColumns = "t.run_id, t.test_id, t.outcome, t.duration_s, t.attempts";

    private protected const string FailingOnly = " AND t.outcome IN ('Failed', 'Errored', 'Flaky')";

    private protected static QualityResultRow ReadQualityResult(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), Enum.Parse<TestOutcome>(r.GetString(2)), r.GetDouble(3), r.GetInt32(4));

    public Task<IReadOnlyList<BenchmarkPoint>> QualityBenchmarkSeriesAsync(long repositoryId, string name, string branch, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<BenchmarkPoint>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                """
                SELECT b.run_id, r.branch, b.mean_ns, b.stddev_ns, b.samples FROM quality_benchmarks b
                JOIN quality_runs r ON r.id = b.run_id
                WHERE b.name = @name AND r.repository_id = @repo AND r.branch = @branch ORDER BY b.run_id DESC LIMIT @limit
                """,
                r => new BenchmarkPoint(r.GetInt64(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetInt32(4)),
                cancellationToken,
                ("@name", name),
                ("@repo", repositoryId),
                ("@branch", branch),
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, double>> QualityDurationsAsync(long repositoryId, string? branch, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, double>>(
            async connection =>
            {
                // Newest run first: the first run a test appears in is its latest; the cases kept as "id #2"... add to "id".
                var rows = await SqlText.ListAsync(
                    connection,
                    null,
                    """
                    SELECT coalesce(t.name, t.test_id), t.run_id, t.duration_s FROM quality_runs r
                    JOIN quality_tests t ON t.run_id = r.id
                    WHERE r.repository_id = @repo AND t.outcome <> 'Skipped' AND (CAST(@branch AS TEXT) IS NULL OR r.branch = @branch)
                    ORDER BY t.run_id DESC
                    """,
                    r => (Test: r.GetString(0), RunId: r.GetInt64(1), Seconds: r.GetDouble(2)),
                    cancellationToken,
                    ("@repo", repositoryId),
                    ("@branch", branch)).ConfigureAwait(false);
                var latest = new Dictionary<string, (long RunId, double Seconds)>(StringComparer.Ordinal);
                foreach (var (test, runId, seconds) in rows)
                {
                    if (!latest.TryGetValue(test, out var known))
                    {
                        latest[test] = (runId, seconds);
                    }
                    else if (known.RunId == runId)
                    {
                        latest[test] = (runId, known.Seconds + seconds);
                    }
                }

                return latest.ToDictionary(e => e.Key, e => e.Value.Seconds, StringComparer.Ordinal);
            },
            cancellationToken);

    public Task QuarantineTestAsync(long repositoryId, QuarantineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(
            (connection, transaction) => SqlText.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO quality_quarantine (repository_id, test_id, reason, added_by, added_at) VALUES (@repo, @id, @reason, @by, @at)
                ON CONFLICT (repository_id, test_id) DO UPDATE SET reason = excluded.reason, added_by = excluded.added_by, added_at = excluded.added_at
                """,
                cancellationToken,
                ("@repo", repositoryId),
                ("@id", entry.TestId),
                ("@reason", entry.Reason),
                ("@by", entry.AddedBy),
                ("@at", SqlText.Time(entry.AddedAt))),
            cancellationToken);
    }

    public Task<bool> ReleaseTestAsync(long repositoryId, string testId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await SqlText.ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM quality_quarantine WHERE repository_id = @repo AND test_id = @id",
                cancellationToken,
                ("@repo", repositoryId),
                ("@id", testId)).ConfigureAwait(false) > 0,
            cancellationToken);

    public Task<IReadOnlyList<QuarantineEntry>> QuarantineAsync(long repositoryId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<QuarantineEntry>>(
            async connection => await SqlText.ListAsync(
                connection,
                null,
                "SELECT test_id, reason, added_by, added_at FROM quality_quarantine WHERE repository_id = @repo ORDER BY test_id",
                r => new QuarantineEntry(r.GetString(0), r.GetString(1), r.GetString(2), SqlText.Time(r, 3)),
                cancellationToken,
                ("@repo", repositoryId)).ConfigureAwait(false),
            cancellationToken);

    private static RunSummary ReadQualityRun(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        SqlText.NullableString(reader, 4),
        SqlText.Time(reader, 5),
        reader.IsDBNull(6) ? null : new CoverageTotals(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));

    private static void RequireDistinct(IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw new StoreException($"the gate run lists the {what} '{name}' twice; each {what} of a run needs its own name");
            }
        }
    }
}
