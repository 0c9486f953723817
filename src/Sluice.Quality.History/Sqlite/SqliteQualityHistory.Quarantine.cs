namespace Sluice.Quality.History;

public sealed partial class SqliteQualityHistory
{
    public async Task<QuarantineEntry> QuarantineAsync(string testId, string reason, string addedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(testId);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(addedBy);
        var entry = new QuarantineEntry(testId, reason, addedBy, timeProvider.GetUtcNow());
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(
            connection,
            null,
            """
            INSERT INTO quarantine (test_id, reason, added_by, added_at) VALUES ($id, $reason, $by, $at)
            ON CONFLICT (test_id) DO UPDATE SET reason = excluded.reason, added_by = excluded.added_by, added_at = excluded.added_at;
            """,
            cancellationToken,
            ("$id", entry.TestId),
            ("$reason", entry.Reason),
            ("$by", entry.AddedBy),
            ("$at", Sql.FormatTime(entry.AddedAt))).ConfigureAwait(false);
        return entry;
    }

    public async Task<bool> ReleaseAsync(string testId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Sql.ExecuteAsync(connection, null, "DELETE FROM quarantine WHERE test_id = $id;", cancellationToken, ("$id", testId)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<QuarantineEntry>> GetQuarantineAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT test_id, reason, added_by, added_at FROM quarantine ORDER BY test_id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<QuarantineEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new QuarantineEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.ParseTime(reader.GetString(3))));
        }

        return entries;
    }
}
