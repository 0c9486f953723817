using Microsoft.Data.Sqlite;
using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

public sealed partial class SqliteQualityHistory
{
    private const string RunColumns =
        "r.id, r.commit_sha, r.tree_hash, r.branch, r.base_branch, r.recorded_at, r.lines_covered, r.lines_valid, r.branches_covered, r.branches_valid";

    public async Task<RunSummary?> GetLatestRunAsync(string branch, CancellationToken cancellationToken) =>
        await GetRunsAsync(branch, 1, cancellationToken).ConfigureAwait(false) is [var latest] ? latest : null;

    public async Task<IReadOnlyList<RunSummary>> GetRunsAsync(string branch, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRunsAsync(
            connection,
            $"SELECT {RunColumns} FROM runs r WHERE r.branch = $branch ORDER BY r.id DESC LIMIT $count;",
            cancellationToken,
            ("$branch", branch),
            ("$count", count)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunSummary>> GetRunsForTreeAsync(string treeHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadRunsAsync(
            connection,
            $"SELECT {RunColumns} FROM runs r WHERE r.tree_hash = $tree ORDER BY r.id DESC;",
            cancellationToken,
            ("$tree", treeHash)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TestRecord>> GetTestResultsAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var tests = await ReadTestsAsync(
            connection,
            "SELECT run_id, test_id, outcome, duration_s, attempts FROM test_results WHERE run_id = $run ORDER BY test_id;",
            cancellationToken,
            ("$run", runId)).ConfigureAwait(false);
        return tests.TryGetValue(runId, out var list) ? list : [];
    }

    private static async Task<List<RunSummary>> ReadRunsAsync(SqliteConnection connection, string text, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Sql.Command(connection, null, text, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<RunSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var coverage = reader.IsDBNull(6)
                ? null
                : new CoverageTotals(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
            runs.Add(new RunSummary(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                Sql.NullableString(reader, 4),
                Sql.ParseTime(reader.GetString(5)),
                coverage));
        }

        return runs;
    }

    private static async Task<Dictionary<long, List<TestRecord>>> ReadTestsAsync(SqliteConnection connection, string text, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Sql.Command(connection, null, text, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var byRun = new Dictionary<long, List<TestRecord>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var runId = reader.GetInt64(0);
            if (!byRun.TryGetValue(runId, out var list))
            {
                byRun[runId] = list = [];
            }

            list.Add(new TestRecord(reader.GetString(1), Enum.Parse<TestOutcome>(reader.GetString(2)), reader.GetDouble(3), reader.GetInt32(4)));
        }

        return byRun;
    }
}
