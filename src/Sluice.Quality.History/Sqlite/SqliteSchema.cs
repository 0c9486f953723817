using Microsoft.Data.Sqlite;

namespace Sluice.Quality.History;

/// <summary>The schema as a list of migrations; PRAGMA user_version says how many a file has had.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            commit_sha TEXT NOT NULL,
            tree_hash TEXT NOT NULL,
            branch TEXT NOT NULL,
            base_branch TEXT NULL,
            recorded_at TEXT NOT NULL,
            lines_covered INTEGER NULL,
            lines_valid INTEGER NULL,
            branches_covered INTEGER NULL,
            branches_valid INTEGER NULL
        );
        CREATE INDEX runs_branch ON runs (branch, id);
        CREATE INDEX runs_tree ON runs (tree_hash, id);
        CREATE TABLE test_results (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            test_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            duration_s REAL NOT NULL,
            attempts INTEGER NOT NULL,
            PRIMARY KEY (run_id, test_id)
        ) WITHOUT ROWID;
        CREATE INDEX test_results_test ON test_results (test_id, run_id);
        CREATE TABLE benchmark_samples (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            mean_ns REAL NOT NULL,
            stddev_ns REAL NOT NULL,
            samples INTEGER NOT NULL,
            PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX benchmark_samples_name ON benchmark_samples (name, run_id);
        CREATE TABLE quarantine (
            test_id TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        """,

        // name: the test's own id when it is kept under another (the second case of one name in a run is "name #2").
        // The partial index finds a run's failures without reading its passes, for new failures and flaky tests; a
        // test's results are primary-key lookups per run, so the index on every test id (as large as the table, and
        // half the cost of recording a run) goes.
        """
        ALTER TABLE test_results ADD COLUMN name TEXT NULL;
        CREATE INDEX test_results_failing ON test_results (run_id, test_id) WHERE outcome IN ('Failed', 'Errored', 'Flaky');
        DROP INDEX test_results_test;
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Brings the file up to date inside one immediate transaction, so that several processes opening a new file at
    /// once apply each migration exactly once.
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        // Up to date: no write lock needed, so opening never waits for a gate run that is writing.
        if (await ReadVersionAsync(connection, null, cancellationToken).ConfigureAwait(false) == CurrentVersion)
        {
            return;
        }

        // Immediate: the first of several processes opening a new file migrates it; the others wait, then find it done.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The quality history '{path}' has schema version {version}, newer than this Sluice understands ({CurrentVersion}). Upgrade Sluice, or point it at another history file.");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            await Sql.ExecuteAsync(connection, transaction, Migrations[next], cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, transaction, UserVersion(next + 1), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        Convert.ToInt32(await Sql.ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    // PRAGMA takes no parameters; the value is an integer we produce.
    private static string UserVersion(int version) => "PRAGMA user_version = " + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
}
