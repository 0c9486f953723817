using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// Reads what the flaky analysis needs without reading a whole history: only tests of the judged run that failed
/// (or were retried) in one of the runs looked at, since a test that only ever passed shows no sign of flakiness.
/// The runs looked at (the judged one, the window, the same tree's) go into a temporary table, the candidates found
/// through the partial index on failing results into another (sorted by id), and each candidate's result in each
/// run is one primary-key lookup, so the rows come grouped by test without a sort. The joins are written as CROSS
/// JOINs to fix that order: left to itself, SQLite's planner walks the judged run's every result instead.
/// </summary>
internal static class FlakyCandidates
{
    public static async IAsyncEnumerable<TestResultRow> ReadAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        RunSummary current,
        IReadOnlyList<RunSummary> window,
        IReadOnlyList<RunSummary> sameTree,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Sql.ExecuteAsync(
            connection,
            transaction,
            """
            DROP TABLE IF EXISTS temp.analysis_runs;
            DROP TABLE IF EXISTS temp.flaky_candidates;
            CREATE TEMP TABLE analysis_runs (run_id INTEGER PRIMARY KEY, tree_hash TEXT NOT NULL, in_window INTEGER NOT NULL);
            CREATE TEMP TABLE flaky_candidates (test_id TEXT PRIMARY KEY) WITHOUT ROWID;
            """,
            cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var insert = Sql.Command(
                connection,
                transaction,
                "INSERT INTO temp.analysis_runs (run_id, tree_hash, in_window) VALUES ($run, $tree, $window) ON CONFLICT (run_id) DO UPDATE SET in_window = max(in_window, excluded.in_window);",
                ("$run", 0L),
                ("$tree", ""),
                ("$window", 0)))
            {
                foreach (var (run, inWindow) in window.Prepend(current).Select(r => (r, 1)).Concat(sameTree.Select(r => (r, 0))))
                {
                    insert.Parameters["$run"].Value = run.Id;
                    insert.Parameters["$tree"].Value = run.TreeHash;
                    insert.Parameters["$window"].Value = inWindow;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await Sql.ExecuteAsync(
                connection,
                transaction,
                """
                INSERT OR IGNORE INTO temp.flaky_candidates (test_id)
                SELECT f.test_id FROM temp.analysis_runs fa
                CROSS JOIN test_results f INDEXED BY test_results_failing ON f.run_id = fa.run_id AND f.outcome IN ('Failed', 'Errored', 'Flaky')
                CROSS JOIN test_results now ON now.run_id = $current AND now.test_id = f.test_id;
                """,
                cancellationToken,
                ("$current", current.Id)).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                transaction,
                """
                SELECT t.test_id, t.run_id, a.tree_hash, t.outcome, t.attempts, a.in_window
                FROM temp.flaky_candidates c
                CROSS JOIN temp.analysis_runs a
                CROSS JOIN test_results t ON t.run_id = a.run_id AND t.test_id = c.test_id
                ORDER BY c.test_id;
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new TestResultRow(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.GetString(2),
                    Enum.Parse<TestOutcome>(reader.GetString(3)),
                    reader.GetInt32(4),
                    reader.GetInt64(5) != 0);
            }
        }
        finally
        {
            await Sql.ExecuteAsync(connection, transaction, "DROP TABLE IF EXISTS temp.analysis_runs; DROP TABLE IF EXISTS temp.flaky_candidates;", CancellationToken.None).ConfigureAwait(false);
        }
    }
}
