using System.Data.Common;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Sqlite;

public sealed partial class SqliteServerStore
{
    /// <summary>The runs and tests asked for go into temporary tables, so a query of thousands of ids is one join.</summary>
    private protected override async Task<IReadOnlyList<QualityResultRow>> QualityResultsAsync(DbConnection connection, long repositoryId, QualityResultQuery query, CancellationToken cancellationToken)
    {
        await SqlText.ExecuteAsync(
            connection,
            null,
            """
            DROP TABLE IF EXISTS temp.asked_runs; DROP TABLE IF EXISTS temp.asked_tests;
            CREATE TEMP TABLE asked_runs (run_id INTEGER PRIMARY KEY);
            CREATE TEMP TABLE asked_tests (test_id TEXT PRIMARY KEY) WITHOUT ROWID;
            """,
            cancellationToken).ConfigureAwait(false);
        try
        {
            await FillAsync(connection, "INSERT OR IGNORE INTO temp.asked_runs (run_id) SELECT id FROM quality_runs WHERE id = @v AND repository_id = @repo", query.RunIds.Select(r => (object)r), repositoryId, cancellationToken).ConfigureAwait(false);
            await FillAsync(connection, "INSERT OR IGNORE INTO temp.asked_tests (test_id) VALUES (@v)", (query.TestIds ?? []).Select(t => (object)t), repositoryId, cancellationToken).ConfigureAwait(false);
            var failing = query.FailingOnly ? FailingOnly : "";
            var text = query.TestIds is null
                ? $"SELECT {QualityResultColumns} FROM temp.asked_runs a CROSS JOIN quality_tests t ON t.run_id = a.run_id WHERE 1{failing} ORDER BY t.test_id, t.run_id"
                : $"SELECT {QualityResultColumns} FROM temp.asked_tests k CROSS JOIN temp.asked_runs a CROSS JOIN quality_tests t ON t.run_id = a.run_id AND t.test_id = k.test_id WHERE 1{failing} ORDER BY t.test_id, t.run_id";
            return await SqlText.ListAsync(connection, null, text, ReadQualityResult, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await SqlText.ExecuteAsync(connection, null, "DROP TABLE IF EXISTS temp.asked_runs; DROP TABLE IF EXISTS temp.asked_tests;", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task FillAsync(DbConnection connection, string text, IEnumerable<object> values, long repositoryId, CancellationToken cancellationToken)
    {
        await using var insert = SqlText.Command(connection, null, text, ("@v", ""), ("@repo", repositoryId));
        foreach (var value in values)
        {
            insert.Parameters["@v"].Value = value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
