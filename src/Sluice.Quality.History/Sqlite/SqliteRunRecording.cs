using Microsoft.Data.Sqlite;
using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// A run being written into SQLite: one connection holding an immediate transaction from the start (so concurrent
/// gate runs wait their turn), one prepared insert per test result, and the failure messages in a temporary table
/// for the new-failure report (history itself keeps no output).
/// </summary>
internal sealed partial class SqliteRunRecording : IRunRecording
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertTest;
    private readonly SqliteCommand _insertMessage;
    private readonly TimeProvider _timeProvider;
    private readonly Func<CancellationToken, Task>? _beforeCommit;

    // The id that last collided and the ordinal to try next: distinct cases sharing a name usually come together.
    private (string Id, int Next) _lastCollision = ("", 2);
    private bool _committed;

    private SqliteRunRecording(SqliteConnection connection, SqliteTransaction transaction, RunHeader header, long runId, TimeProvider timeProvider, Func<CancellationToken, Task>? beforeCommit)
    {
        _connection = connection;
        _transaction = transaction;
        _timeProvider = timeProvider;
        _beforeCommit = beforeCommit;
        Header = header;
        RunId = runId;
        _insertTest = Sql.Command(
            connection,
            transaction,
            """
            INSERT INTO test_results (run_id, test_id, outcome, duration_s, attempts, name) VALUES ($run, $id, $outcome, $duration, $attempts, $name)
            ON CONFLICT (run_id, test_id) DO NOTHING;
            """,
            ("$run", runId),
            ("$id", ""),
            ("$outcome", ""),
            ("$duration", 0.0),
            ("$attempts", 0),
            ("$name", null));
        _insertMessage = Sql.Command(connection, transaction, "INSERT INTO temp.failure_messages (test_id, message) VALUES ($id, $message);", ("$id", ""), ("$message", ""));
    }

    public RunHeader Header { get; }

    public long RunId { get; }

    /// <summary>Takes the write lock (waiting for another writer up to the busy timeout) and opens the run.</summary>
    public static async Task<SqliteRunRecording> BeginAsync(SqliteConnection connection, RunHeader header, TimeProvider timeProvider, Func<CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            var id = (long)(await Sql.ScalarAsync(
                connection,
                transaction,
                """
                INSERT INTO runs (commit_sha, tree_hash, branch, base_branch, recorded_at) VALUES ($commit, $tree, $branch, $base, $at) RETURNING id;
                """,
                cancellationToken,
                ("$commit", header.CommitSha),
                ("$tree", header.TreeHash),
                ("$branch", header.Branch),
                ("$base", header.BaseBranch),
                ("$at", Sql.FormatTime(timeProvider.GetUtcNow()))).ConfigureAwait(false))!;
            await Sql.ExecuteAsync(
                connection,
                transaction,
                "DROP TABLE IF EXISTS temp.failure_messages; CREATE TEMP TABLE failure_messages (test_id TEXT PRIMARY KEY, message TEXT NOT NULL);",
                cancellationToken).ConfigureAwait(false);
            return new SqliteRunRecording(connection, transaction, header, id, timeProvider, beforeCommit);
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string Add(TestRecord test)
    {
        ArgumentNullException.ThrowIfNull(test);
        ObjectDisposedException.ThrowIf(_committed, this);
        var key = test.Id;
        if (!TryInsert(test, key, name: null))
        {
            var ordinal = _lastCollision.Id == test.Id ? _lastCollision.Next : 2;
            while (!TryInsert(test, key = $"{test.Id} #{ordinal}", test.Id))
            {
                ordinal++;
            }

            _lastCollision = (test.Id, ordinal + 1);
        }

        if (test.IsFailure && test.Message is { } message)
        {
            _insertMessage.Parameters["$id"].Value = key;
            _insertMessage.Parameters["$message"].Value = message;
            _insertMessage.ExecuteNonQuery();
        }

        return key;
    }

    public async Task<RunSummary> CommitAsync(CoverageTotals? coverage, IReadOnlyList<BenchmarkResult> benchmarks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        RequireDistinctNames(benchmarks);
        var recordedAt = _timeProvider.GetUtcNow();
        await Sql.ExecuteAsync(
            _connection,
            _transaction,
            """
            UPDATE runs SET recorded_at = $at, lines_covered = $lc, lines_valid = $lv, branches_covered = $bc, branches_valid = $bv WHERE id = $run;
            DROP TABLE temp.failure_messages;
            """,
            cancellationToken,
            ("$run", RunId),
            ("$at", Sql.FormatTime(recordedAt)),
            ("$lc", coverage?.LinesCovered),
            ("$lv", coverage?.LinesValid),
            ("$bc", coverage?.BranchesCovered),
            ("$bv", coverage?.BranchesValid)).ConfigureAwait(false);
        await InsertBenchmarksAsync(benchmarks, cancellationToken).ConfigureAwait(false);
        if (_beforeCommit is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
        return new RunSummary(RunId, Header.CommitSha, Header.TreeHash, Header.Branch, Header.BaseBranch, recordedAt, coverage);
    }

    /// <summary>Rolls back unless committed, and returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _insertTest.DisposeAsync().ConfigureAwait(false);
        await _insertMessage.DisposeAsync().ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private bool TryInsert(TestRecord test, string key, string? name)
    {
        _insertTest.Parameters["$id"].Value = key;
        _insertTest.Parameters["$outcome"].Value = test.Outcome.ToString();
        _insertTest.Parameters["$duration"].Value = test.DurationSeconds;
        _insertTest.Parameters["$attempts"].Value = test.Attempts;
        _insertTest.Parameters["$name"].Value = (object?)name ?? DBNull.Value;
        return _insertTest.ExecuteNonQuery() == 1;
    }

    private async Task InsertBenchmarksAsync(IReadOnlyList<BenchmarkResult> benchmarks, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
            _connection,
            _transaction,
            "INSERT INTO benchmark_samples (run_id, name, mean_ns, stddev_ns, samples) VALUES ($run, $name, $mean, $stddev, $samples);",
            ("$run", RunId),
            ("$name", ""),
            ("$mean", 0.0),
            ("$stddev", 0.0),
            ("$samples", 0));
        foreach (var benchmark in benchmarks)
        {
            command.Parameters["$name"].Value = benchmark.Name;
            command.Parameters["$mean"].Value = benchmark.MeanNs;
            command.Parameters["$stddev"].Value = benchmark.StdDevNs;
            command.Parameters["$samples"].Value = benchmark.Samples;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void RequireDistinctNames(IReadOnlyList<BenchmarkResult> benchmarks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var benchmark in benchmarks)
        {
            if (!seen.Add(benchmark.Name))
            {
                throw new ArgumentException($"The run lists benchmark '{benchmark.Name}' twice; give each benchmark a unique name.");
            }
        }
    }
}
