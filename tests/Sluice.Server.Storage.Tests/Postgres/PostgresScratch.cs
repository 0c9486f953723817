using Npgsql;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Tests;

/// <summary>
/// Empty schemas in the test PostgreSQL (SLUICE_TEST_POSTGRES, which scripts/postgres.sh starts and ./test.sh sets),
/// one for each store a test opens, dropped when the test ends. Without that database the PostgreSQL tests fail and
/// say how to get one: a provider tested on one database only would leave a gap.
/// </summary>
public sealed class PostgresScratch : IAsyncDisposable
{
    public const string Variable = "SLUICE_TEST_POSTGRES";

    private readonly List<string> schemas = [];
    private readonly NpgsqlDataSource admin;

    public PostgresScratch()
    {
        var url = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL provider cannot be tested: run ./test.sh, or start PostgreSQL with " +
                $"`scripts/postgres.sh start` and set {Variable} to the URL it prints (export {Variable}=$(scripts/postgres.sh start)).");
        }

        Database = PostgresDatabase.Parse(url);
        admin = NpgsqlDataSource.Create(Database.ConnectionString);
    }

    /// <summary>The test database, as its URL names it.</summary>
    public NpgsqlConnectionStringBuilder Database { get; }

    /// <summary>A connection string to a new, empty schema of the test database.</summary>
    public async Task<string> NewSchemaAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        await using (var command = admin.CreateCommand($"CREATE SCHEMA {schema}"))
        {
            await command.ExecuteNonQueryAsync().Timed();
        }

        schemas.Add(schema);
        return new NpgsqlConnectionStringBuilder(Database.ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync().Timed())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var schema in schemas)
        {
            await using var command = admin.CreateCommand($"DROP SCHEMA {schema} CASCADE");
            await command.ExecuteNonQueryAsync().Timed();
        }

        await admin.DisposeAsync();
    }
}
