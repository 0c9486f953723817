using Microsoft.Data.Sqlite;

namespace Sluice.Quality.History;

public sealed partial class SqliteQualityHistory
{
    public async Task<RunSummary> RecordRunAsync(GateRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Validate();
        var recordedAt = timeProvider.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Immediate: take the write lock up front, so a concurrent writer waits (busy_timeout) instead of failing on upgrade.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var id = (long)(await Sql.ScalarAsync(
            connection,
            transaction,
            """
            INSERT INTO runs (commit_sha, tree_hash, branch, base_branch, recorded_at, lines_covered, lines_valid, branches_covered, branches_valid)
            VALUES ($commit, $tree, $branch, $base, $at, $lc, $lv, $bc, $bv) RETURNING id;
            """,
            cancellationToken,
            ("$commit", run.CommitSha),
            ("$tree", run.TreeHash),
            ("$branch", run.Branch),
            ("$base", run.BaseBranch),
            ("$at", Sql.FormatTime(recordedAt)),
            ("$lc", run.Coverage?.LinesCovered),
            ("$lv", run.Coverage?.LinesValid),
            ("$bc", run.Coverage?.BranchesCovered),
            ("$bv", run.Coverage?.BranchesValid)).ConfigureAwait(false))!;

        await InsertTestsAsync(connection, transaction, id, run.Tests, cancellationToken).ConfigureAwait(false);
        await InsertBenchmarksAsync(connection, transaction, id, run, cancellationToken).ConfigureAwait(false);
        if (BeforeCommit is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RunSummary(id, run.CommitSha, run.TreeHash, run.Branch, run.BaseBranch, recordedAt, run.Coverage);
    }

    private static async Task InsertTestsAsync(SqliteConnection connection, SqliteTransaction transaction, long runId, IReadOnlyList<TestRecord> tests, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
            connection,
            transaction,
            "INSERT INTO test_results (run_id, test_id, outcome, duration_s, attempts) VALUES ($run, $id, $outcome, $duration, $attempts);",
            ("$run", runId),
            ("$id", ""),
            ("$outcome", ""),
            ("$duration", 0.0),
            ("$attempts", 0));
        foreach (var test in tests)
        {
            command.Parameters["$id"].Value = test.Id;
            command.Parameters["$outcome"].Value = test.Outcome.ToString();
            command.Parameters["$duration"].Value = test.DurationSeconds;
            command.Parameters["$attempts"].Value = test.Attempts;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InsertBenchmarksAsync(SqliteConnection connection, SqliteTransaction transaction, long runId, GateRunRecord run, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
            connection,
            transaction,
            "INSERT INTO benchmark_samples (run_id, name, mean_ns, stddev_ns, samples) VALUES ($run, $name, $mean, $stddev, $samples);",
            ("$run", runId),
            ("$name", ""),
            ("$mean", 0.0),
            ("$stddev", 0.0),
            ("$samples", 0));
        foreach (var benchmark in run.Benchmarks)
        {
            command.Parameters["$name"].Value = benchmark.Name;
            command.Parameters["$mean"].Value = benchmark.MeanNs;
            command.Parameters["$stddev"].Value = benchmark.StdDevNs;
            command.Parameters["$samples"].Value = benchmark.Samples;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
