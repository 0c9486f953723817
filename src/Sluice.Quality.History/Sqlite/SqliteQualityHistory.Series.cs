using Microsoft.Data.Sqlite;

namespace Sluice.Quality.History;

public sealed partial class SqliteQualityHistory
{
    public async Task<IReadOnlyList<BenchmarkPoint>> GetBenchmarkSeriesAsync(string name, string branch, string? baseBranch, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var series = await ReadSeriesAsync(connection, name, branch, count, cancellationToken).ConfigureAwait(false);
        if (series.Count < count && baseBranch is not null && baseBranch != branch)
        {
            series.AddRange(await ReadSeriesAsync(connection, name, baseBranch, count - series.Count, cancellationToken).ConfigureAwait(false));
        }

        return series;
    }

    public async Task<IReadOnlyDictionary<string, double>> GetLatestDurationsAsync(string? branch, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(
            connection,
            null,
            """
            SELECT t.test_id, t.duration_s FROM test_results t
            JOIN (
                SELECT tr.test_id, MAX(tr.run_id) AS run_id FROM test_results tr JOIN runs r ON r.id = tr.run_id
                WHERE tr.outcome <> 'Skipped' AND ($branch IS NULL OR r.branch = $branch)
                GROUP BY tr.test_id
            ) latest ON latest.test_id = t.test_id AND latest.run_id = t.run_id;
            """,
            ("$branch", branch));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var durations = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            durations[reader.GetString(0)] = reader.GetDouble(1);
        }

        return durations;
    }

    private static async Task<List<BenchmarkPoint>> ReadSeriesAsync(SqliteConnection connection, string name, string branch, int count, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
            connection,
            null,
            """
            SELECT b.run_id, r.branch, b.mean_ns, b.stddev_ns, b.samples FROM benchmark_samples b
            JOIN runs r ON r.id = b.run_id
            WHERE b.name = $name AND r.branch = $branch ORDER BY b.run_id DESC LIMIT $count;
            """,
            ("$name", name),
            ("$branch", branch),
            ("$count", count));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var points = new List<BenchmarkPoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new BenchmarkPoint(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt32(4)));
        }

        return points;
    }
}
