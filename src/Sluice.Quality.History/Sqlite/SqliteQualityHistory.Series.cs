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

        // Newest run first: the first run a test appears in is its latest; the cases kept as "id #2"... add to "id".
        await using var command = Sql.Command(
            connection,
            null,
            """
            SELECT coalesce(t.name, t.test_id), t.run_id, t.duration_s FROM test_results t
            JOIN runs r ON r.id = t.run_id
            WHERE t.outcome <> 'Skipped' AND ($branch IS NULL OR r.branch = $branch)
            ORDER BY t.run_id DESC;
            """,
            ("$branch", branch));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<string, (long RunId, double Seconds)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (test, runId, seconds) = (reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2));
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
