using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

/// <summary>
/// Small helpers that keep the store's methods about their queries, for any ADO.NET provider. Parameters are named
/// <c>@name</c>, which SQLite and Npgsql both take; a flag goes in as 1 or 0, so one SQL text serves both databases
/// (PostgreSQL keeps flags as integers, as SQLite does).
/// </summary>
internal static class SqlText
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Value(value);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs statements in order, in one round trip where the provider can batch them (Npgsql); one after another where
    /// it cannot (SQLite, in process, where a statement costs no round trip). Returns the rows each changed.
    /// </summary>
    public static async Task<int[]> ExecuteAllAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken, params IReadOnlyList<Statement> statements)
    {
        var changed = new int[statements.Count];
        if (!connection.CanCreateBatch || statements.Count < 2)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                changed[i] = await ExecuteAsync(connection, transaction, statements[i].Text, cancellationToken, statements[i].Parameters).ConfigureAwait(false);
            }

            return changed;
        }

        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Text;
            foreach (var (name, value) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = Value(value);
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < statements.Count; i++)
        {
            changed[i] = batch.BatchCommands[i].RecordsAffected;
        }

        return changed;
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<List<T>> ListAsync<T>(DbConnection connection, DbTransaction? transaction, string text, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>The first row that <paramref name="accept"/> takes, reading no further than it.</summary>
    public static async Task<T?> FirstAsync<T>(DbConnection connection, DbTransaction? transaction, string text, Func<DbDataReader, T> read, Func<T, bool> accept, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var command = Command(connection, transaction, text, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (read(reader) is var row && accept(row))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>The value a parameter sends: a flag as 1 or 0, nothing as NULL.</summary>
    public static object Value(object? value) => value switch
    {
        null => DBNull.Value,
        bool flag => flag ? 1L : 0L,
        _ => value,
    };

    /// <summary>A flag, whichever width of integer its column has.</summary>
    public static bool Flag(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture) != 0;

    public static long Time(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>A time as it reads back after being stored (to the millisecond).</summary>
    public static DateTimeOffset Stored(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(Time(time));

    public static DateTimeOffset Time(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static byte[]? NullableBlob(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);
}

/// <summary>One SQL statement and its parameters, for <see cref="SqlText.ExecuteAllAsync"/>.</summary>
internal sealed record Statement(string Text, params (string Name, object? Value)[] Parameters);
