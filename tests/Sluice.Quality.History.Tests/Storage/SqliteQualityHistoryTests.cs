using Microsoft.Data.Sqlite;
using static Sluice.Quality.History.Tests.Runs;

namespace Sluice.Quality.History.Tests;

/// <summary>What only the SQLite provider promises: its file, its journal, its schema version, its crash safety.</summary>
public sealed class SqliteQualityHistoryTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private static CancellationToken None => CancellationToken.None;

    private string DbPath => directory.File(".sluice/history.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync(None).Timed();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(None).Timed())!;
    }

    [Fact]
    public async Task Opening_creates_the_folder_and_a_wal_database_at_the_current_schema_version()
    {
        await using var history = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed();

        Assert.True(File.Exists(DbPath));
        Assert.Equal(Path.GetFullPath(DbPath), history.Path);
        Assert.Equal("wal", await ScalarAsync<string>("PRAGMA journal_mode;"));
        Assert.Equal(2L, await ScalarAsync<long>("PRAGMA user_version;"));
    }

    [Fact]
    public async Task Reopening_keeps_the_history()
    {
        await using (var first = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed())
        {
            await first.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();
        }

        await using var second = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed();

        Assert.NotNull(await second.GetLatestRunAsync("main", None).Timed());
        Assert.Equal(2L, await ScalarAsync<long>("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_file_from_a_newer_sluice_is_refused_with_what_to_do()
    {
        await (await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed()).DisposeAsync();
        await ScalarAsync<object?>("PRAGMA user_version = 99;").ContinueWith(_ => { }, TaskScheduler.Default).Timed();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteQualityHistory.OpenAsync(DbPath, clock, None)).Timed();

        Assert.Contains("schema version 99", error.Message);
        Assert.Contains("Upgrade Sluice", error.Message);
    }

    [Fact]
    public async Task A_file_of_the_first_schema_is_migrated_and_keeps_its_runs()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await ScalarAsync<object?>("""
            CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, commit_sha TEXT NOT NULL, tree_hash TEXT NOT NULL, branch TEXT NOT NULL,
                base_branch TEXT NULL, recorded_at TEXT NOT NULL, lines_covered INTEGER NULL, lines_valid INTEGER NULL,
                branches_covered INTEGER NULL, branches_valid INTEGER NULL);
            CREATE INDEX runs_branch ON runs (branch, id);
            CREATE INDEX runs_tree ON runs (tree_hash, id);
            CREATE TABLE test_results (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, test_id TEXT NOT NULL,
                outcome TEXT NOT NULL, duration_s REAL NOT NULL, attempts INTEGER NOT NULL, PRIMARY KEY (run_id, test_id)) WITHOUT ROWID;
            CREATE INDEX test_results_test ON test_results (test_id, run_id);
            CREATE TABLE benchmark_samples (run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, name TEXT NOT NULL,
                mean_ns REAL NOT NULL, stddev_ns REAL NOT NULL, samples INTEGER NOT NULL, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
            CREATE INDEX benchmark_samples_name ON benchmark_samples (name, run_id);
            CREATE TABLE quarantine (test_id TEXT PRIMARY KEY, reason TEXT NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL);
            INSERT INTO runs (commit_sha, tree_hash, branch, recorded_at) VALUES ('c1', 't1', 'main', '2025-01-01T00:00:00.0000000Z');
            INSERT INTO test_results VALUES (1, 'T.a', 'Passed', 2.5, 1), (1, 'T.b', 'Failed', 1, 1);
            PRAGMA user_version = 1;
            """).Timed();

        await using var history = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed();
        var run = await history.RecordRunAsync(Run("main", Fail("T.a"), Pass("T.b"), Pass("T.b")), None).Timed();

        Assert.Equal(2L, await ScalarAsync<long>("PRAGMA user_version;"));
        Assert.Equal("test_results_failing", await ScalarAsync<string>("SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'test_results' AND sql IS NOT NULL;"));
        Assert.Equal(["T.a", "T.b"], (await history.GetTestResultsAsync(1, None).Timed()).Select(t => t.Id));
        Assert.Equal(["T.a", "T.b", "T.b #2"], (await history.GetTestResultsAsync(run.Id, None).Timed()).Select(t => t.Id));
        Assert.Equal(new Dictionary<string, double> { ["T.a"] = 1, ["T.b"] = 2 }, await history.GetLatestDurationsAsync(null, None).Timed());
    }

    [Fact]
    public async Task Many_handles_opening_a_new_file_at_once_all_succeed()
    {
        var handles = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SqliteQualityHistory.OpenAsync(DbPath, clock, None)))).Timed();
        foreach (var handle in handles)
        {
            await handle.DisposeAsync();
        }

        Assert.Equal(2L, await ScalarAsync<long>("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_writer_dying_before_commit_leaves_no_partial_run()
    {
        await using var history = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed();
        history.BeforeCommit = _ => throw new IOException("killed mid-write");

        await Assert.ThrowsAsync<IOException>(() => history.RecordRunAsync(Run("main", Pass("T.a"), Pass("T.b")), None)).Timed();

        Assert.Null(await history.GetLatestRunAsync("main", None).Timed());
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM test_results;"));
        history.BeforeCommit = null;
        await history.RecordRunAsync(Run("main", Pass("T.a")), None).Timed();
        Assert.Single(await history.GetRunsAsync("main", 10, None).Timed());
    }

    [Fact]
    public async Task A_connection_dropped_mid_transaction_leaves_nothing_and_the_file_still_opens()
    {
        await (await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed()).DisposeAsync();
        var killed = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await killed.OpenAsync(None).Timed();
        var transaction = killed.BeginTransaction(deferred: false);
        await using (var write = killed.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = """
                INSERT INTO runs (commit_sha, tree_hash, branch, recorded_at) VALUES ('c', 't', 'main', '2025-01-01T00:00:00Z');
                INSERT INTO test_results (run_id, test_id, outcome, duration_s, attempts) VALUES (last_insert_rowid(), 'T.a', 'Passed', 1, 1);
                """;
            await write.ExecuteNonQueryAsync(None).Timed();
        }

        // While the dying writer holds the lock, a gate run waits for it (busy timeout) rather than failing.
        await using var history = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed();
        // Microsoft.Data.Sqlite does its I/O synchronously, so the waiting writer needs its own thread.
        var waiting = Task.Run(() => history.RecordRunAsync(Run("main", Pass("T.b")), None));
        await killed.DisposeAsync();
        var recorded = await waiting.Timed();

        var runs = await history.GetRunsAsync("main", 10, None).Timed();
        Assert.Equal([recorded.Id], runs.Select(r => r.Id));
        Assert.Equal(["T.b"], (await history.GetTestResultsAsync(recorded.Id, None).Timed()).Select(t => t.Id));
        Assert.Equal("ok", await ScalarAsync<string>("PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task A_cancelled_record_writes_nothing()
    {
        await using var history = await SqliteQualityHistory.OpenAsync(DbPath, clock, None).Timed();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => history.RecordRunAsync(Run("main", Pass("T.a")), cancelled.Token)).Timed();

        Assert.Null(await history.GetLatestRunAsync("main", None).Timed());
    }
}
