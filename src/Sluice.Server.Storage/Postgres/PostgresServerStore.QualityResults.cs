using System.Data.Common;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Postgres;

public sealed partial class PostgresServerStore
{
    /// <summary>The runs and tests asked for go in as two arrays, so a query of thousands of ids is one statement.</summary>
    private protected override async Task<IReadOnlyList<QualityResultRow>> QualityResultsAsync(DbConnection connection, long repositoryId, QualityResultQuery query, CancellationToken cancellationToken)
    {
        var tests = query.TestIds is null ? "" : " AND t.test_id = ANY(@tests)";
        var failing = query.FailingOnly ? FailingOnly : "";
        return await SqlText.ListAsync(
            connection,
            null,
            $"""
            SELECT {QualityResultColumns} FROM quality_tests t JOIN quality_runs r ON r.id = t.run_id
            WHERE r.repository_id = @repo AND t.run_id = ANY(@runs){tests}{failing}
            ORDER BY t.test_id, t.run_id
            """,
            ReadQualityResult,
            cancellationToken,
            ("@repo", repositoryId),
            ("@runs", query.RunIds.ToArray()),
            ("@tests", (query.TestIds ?? []).ToArray())).ConfigureAwait(false);
    }
}
