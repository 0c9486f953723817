using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

internal sealed partial class SqliteRunRecording
{
    // Failed or errored, spelled with the partial index test_results_failing's own condition, so that SQLite uses it.
    private static string Failing(string alias) => $"{alias}.outcome IN ('Failed', 'Errored', 'Flaky') AND {alias}.outcome <> 'Flaky'";

    public async Task<NewFailureReport> FindNewFailuresAsync(long baseRunId, IReadOnlySet<string> quarantined, int listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quarantined);
        await using var command = Sql.Command(
            _connection,
            _transaction,
            $"""
            SELECT c.test_id, m.message FROM test_results c INDEXED BY test_results_failing
            JOIN test_results b ON b.run_id = $base AND b.test_id = c.test_id
            LEFT JOIN temp.failure_messages m ON m.test_id = c.test_id
            WHERE c.run_id = $run AND {Failing("c")} AND b.outcome IN ('Passed', 'Flaky')
            ORDER BY c.test_id;
            """,
            ("$run", RunId),
            ("$base", baseRunId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var first = new List<NewFailure>();
        int count = 0, unquarantined = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            count++;
            unquarantined += quarantined.Contains(id) ? 0 : 1;
            if (first.Count < listed)
            {
                first.Add(new NewFailure(id, Sql.NullableString(reader, 1)));
            }
        }

        return new NewFailureReport(count, unquarantined, first);
    }

    public IAsyncEnumerable<TestResultRow> ReadFlakyCandidatesAsync(IReadOnlyList<RunSummary> window, IReadOnlyList<RunSummary> sameTree, CancellationToken cancellationToken) =>
        FlakyCandidates.ReadAsync(_connection, _transaction, new RunSummary(RunId, Header.CommitSha, Header.TreeHash, Header.Branch, Header.BaseBranch, default, null), window, sameTree, cancellationToken);

    public async Task<IReadOnlyList<TestRecord>> GetQuarantinedFailuresAsync(CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
            _connection,
            _transaction,
            $"""
            SELECT c.test_id, c.outcome, c.duration_s, c.attempts FROM quarantine q
            CROSS JOIN test_results c ON c.run_id = $run AND c.test_id = q.test_id
            WHERE {Failing("c")}
            ORDER BY c.test_id;
            """,
            ("$run", RunId));
        return await ReadRecordsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<TestRecord>> ReadRecordsAsync(Microsoft.Data.Sqlite.SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<TestRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new TestRecord(reader.GetString(0), Enum.Parse<TestOutcome>(reader.GetString(1)), reader.GetDouble(2), reader.GetInt32(3)));
        }

        return records;
    }
}
