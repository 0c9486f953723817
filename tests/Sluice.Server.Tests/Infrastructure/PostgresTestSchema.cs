using Npgsql;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Tests.Infrastructure;

/// <summary>
/// A schema of its own in the test PostgreSQL (SLUICE_TEST_POSTGRES, which scripts/postgres.sh starts and ./test.sh
/// sets), dropped at the end: <see cref="Database"/> is its URL, as a user would give it to <c>--database</c>.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    private const string Variable = "SLUICE_TEST_POSTGRES";

    private readonly NpgsqlDataSource _admin;
    private readonly string _schema;

    private PostgresTestSchema(NpgsqlDataSource admin, string schema, string database)
    {
        _admin = admin;
        _schema = schema;
        Database = database;
    }

    public string Database { get; }

    /// <summary>The schema's name, for queries that check what a server wrote there.</summary>
    public string Name => _schema;

    /// <summary>The first row of a query, read by <paramref name="read"/> (the query must return a row).</summary>
    public async Task<T> FirstRowAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = _admin.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(Fleet.Patience);
        Assert.True(await reader.ReadAsync(), $"no row from: {sql}");
        return read(reader);
    }

    /// <summary>Runs statements in the test database (its schema is <see cref="Name"/>), as its superuser.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = _admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync().WaitAsync(Fleet.Patience);
    }

    public static async Task<PostgresTestSchema> CreateAsync()
    {
        var url = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException($"{Variable} is not set: run ./test.sh, or export {Variable}=$(scripts/postgres.sh start)");
        }

        var admin = NpgsqlDataSource.Create(PostgresDatabase.Parse(url).ConnectionString);
        var schema = $"e2e_{Guid.NewGuid():N}";
        await using var create = admin.CreateCommand($"CREATE SCHEMA {schema}");
        await create.ExecuteNonQueryAsync().WaitAsync(Fleet.Patience);
        return new PostgresTestSchema(admin, schema, $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}search_path={schema}");
    }

    public async ValueTask DisposeAsync()
    {
        await using (var drop = _admin.CreateCommand($"DROP SCHEMA {_schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync().WaitAsync(Fleet.Patience);
        }

        await _admin.DisposeAsync();
    }
}
