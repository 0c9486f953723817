using Sluice.Server.Storage;
using Sluice.Server.Storage.Postgres;
using Sluice.Server.Storage.Sqlite;

namespace Sluice.Server;

/// <summary>
/// The store a server's options name: PostgreSQL when <see cref="ServerOptions.Database"/> is given, else SQLite in
/// the data folder (<c>sluice.db</c>). Either way it is migrated to the schema this sluice knows when it opens.
/// </summary>
public static class ServerStorage
{
    public static async Task<IServerStore> OpenAsync(ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Database is { Length: > 0 } database)
        {
            return await PostgresServerStore.OpenAsync(database, cancellationToken, time).ConfigureAwait(false);
        }

        return await SqliteServerStore.OpenAsync(SqlitePath(options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the store up to date and closes it (<c>sluice server --migrate-only</c>); says which database it was.</summary>
    public static async Task<string> MigrateAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var store = await OpenAsync(options, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return Describe(store);
    }

    /// <summary>Which database a store is, without any password: for the server's first line and <c>--migrate-only</c>.</summary>
    public static string Describe(IServerStore store) => store switch
    {
        PostgresServerStore postgres => $"PostgreSQL {postgres.Where}",
        SqliteServerStore sqlite => $"SQLite {sqlite.Path}",
        _ => store.GetType().Name,
    };

    /// <summary>
    /// What this start did to the schema, for the server's first line (PostgreSQL, which replicas share):
    /// <c>; schema version 6, 6 migrations applied by this server</c>, or none by a replica that found them done.
    /// </summary>
    public static string SchemaNote(IServerStore store) => store is PostgresServerStore postgres
        ? $"; schema version {PostgresServerStore.SchemaVersion}, {postgres.MigrationsApplied} migrations applied by this server"
        : "";

    /// <summary>Checks a database option before anything starts, so that a URL that cannot be one is a usage error.</summary>
    public static void Validate(string? database)
    {
        if (database is { Length: > 0 })
        {
            PostgresDatabase.Parse(database);
        }
    }

    private static string SqlitePath(ServerOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "sluice.db");
}
