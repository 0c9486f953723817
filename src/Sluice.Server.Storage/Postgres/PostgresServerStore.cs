using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using Polly;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Postgres;

/// <summary>
/// The server's storage in PostgreSQL, for several servers on one database. Writes run serializable, so that they mean
/// what they mean on SQLite (where they run one at a time), and a transaction that loses a conflict to another is run
/// again; job claims run read committed and lock the job they take with <c>FOR UPDATE SKIP LOCKED</c>, so claims from
/// many servers proceed side by side and never hand one job to two agents.
/// </summary>
public sealed partial class PostgresServerStore : RelationalServerStore
{
    /// <summary>
    /// How often a write that lost a conflict is tried: the writes about one run (its events) collide when many of its
    /// jobs end at once, and each round lets at least one through, so this covers a wide matrix ending together.
    /// </summary>
    private const int MaxWriteAttempts = 100;

    /// <summary>How many statements each connection keeps prepared (Npgsql's <c>Max Auto Prepare</c>), unless the connection string says.</summary>
    private const int AutoPreparedStatements = 100;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _retryGate = new(1, 1);
    private readonly ResiliencePipeline _transient;

    private PostgresServerStore(NpgsqlDataSource dataSource, string where, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
        _transient = TransientPipeline(dataSource, time);
        Where = where;
    }

    /// <summary>Host, port and database, without the password.</summary>
    public string Where { get; }

    /// <summary>How many migrations this store applied when it opened (0 when another server had applied them).</summary>
    public int MigrationsApplied { get; private set; }

    /// <summary>The schema version this store brings a database to (the number of its migrations).</summary>
    public static int SchemaVersion => PostgresSchema.Version;

    /// <summary>
    /// Opens the database that <paramref name="database"/> names (a postgres:// URL or an Npgsql connection string) and
    /// migrates it when needed; a <see cref="StoreException"/> that says what to do when it is not valid or not reachable.
    /// </summary>
    public static async Task<PostgresServerStore> OpenAsync(string database, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var builder = PostgresDatabase.Parse(database);
        var where = PostgresDatabase.Describe(builder);
        if (builder.MaxAutoPrepare == 0)
        {
            // The store sends a few dozen statements again and again: prepared once per connection, PostgreSQL parses and
            // plans each of them once rather than on every call. A connection string that sets its own keeps it.
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        // The store leaves nothing behind on a connection (its settings are SET LOCAL, its advisory locks end with their
        // transaction, it listens on connections of its own), so a connection going back to the pool needs no reset:
        // with prepared statements kept, that reset is seven statements sent with the next use of the connection.
        builder.NoResetOnClose = true;

        var sourceBuilder = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString);
        sourceBuilder.EnableArrays();
        var store = new PostgresServerStore(sourceBuilder.Build(), where, time ?? TimeProvider.System);
        try
        {
            store.MigrationsApplied = await PostgresSchema.MigrateAsync(store._dataSource, where, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception exception)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            if (Unusable(exception, where, builder) is { } unusable)
            {
                throw unusable;
            }

            throw;
        }
    }

    /// <summary>A database the server cannot use, said so that its owner knows which one and what to do.</summary>
    private static StoreException? Unusable(Exception exception, string where, NpgsqlConnectionStringBuilder builder) => exception switch
    {
        PostgresException { SqlState: "28P01" or "28000" } refused => new StoreException($"the PostgreSQL database {where} refused the user '{builder.Username}' ({refused.MessageText}); check the user and password"),
        PostgresException { SqlState: "3D000" } missing => new StoreException($"the PostgreSQL database {where} does not exist ({missing.MessageText}); create it first (createdb) or name another"),
        PostgresException { SqlState: "42501" } denied => new StoreException($"the PostgreSQL user '{builder.Username}' may not create the server's tables in {where} ({denied.MessageText}); grant it CREATE on the schema"),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } or NpgsqlException { IsTransient: true } =>
            new StoreException($"cannot reach the PostgreSQL database {where} ({exception.InnerException?.Message ?? exception.Message}); check the address and that PostgreSQL runs"),
        PostgresException other => new StoreException($"the PostgreSQL database {where} cannot be used ({other.SqlState}: {other.MessageText})"),
        NpgsqlException other => new StoreException($"the PostgreSQL database {where} cannot be used ({other.Message})"),
        _ => null,
    };

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _retryGate.Dispose();
    }

    private protected override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        TransactAsync(work, IsolationLevel.Serializable, cancellationToken);

    private protected override Task<T> LockingWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        TransactAsync(work, IsolationLevel.ReadCommitted, cancellationToken);

    // NO KEY UPDATE: appends of one run's events wait for each other, while inserts that refer to the run (its jobs,
    // logs and events, whose foreign keys take KEY SHARE) do not wait for them.
    private protected override string RunLock => "SELECT id FROM runs WHERE id = @run FOR NO KEY UPDATE";

    private protected override string ShareLock => " FOR SHARE";

    private protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await _transient.ExecuteAsync(
                async token =>
                {
                    await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                    return await work(connection).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (Transient(exception))
        {
            throw Unreachable(exception);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, again when it loses a conflict. A transaction that lost once runs
    /// again only when no other loser of this store runs: the writes that collide (those about one run) then go one at a
    /// time here instead of colliding again and again, while writes that do not collide never wait for this.
    /// </summary>
    private async Task<T> TransactAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var gated = attempt > 1;
            if (gated)
            {
                await _retryGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await _transient.ExecuteAsync(token => new ValueTask<T>(TransactOnceAsync(work, isolation, token)), cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException exception) when (Transient(exception))
            {
                throw Unreachable(exception);
            }
            catch (PostgresException exception) when (LostConflict(exception) && attempt < MaxWriteAttempts)
            {
                // Another server's writes can still collide with this one's: a random pause that grows with each loss keeps them apart.
                if (attempt > 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 << Math.Min(attempt, 6))), _time, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (gated)
                {
                    _retryGate.Release();
                }
            }
        }
    }

    /// <summary>
    /// One try of a transaction. A transient failure before the COMMIT is sent leaves nothing behind (PostgreSQL rolls
    /// back a transaction whose session ends), so the pipeline may try again; one during the COMMIT may have come after
    /// PostgreSQL committed, so it becomes a <see cref="StoreException"/> that no pipeline retries.
    /// </summary>
    private async Task<T> TransactOnceAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (Transient(exception))
        {
            throw LostWhileCommitting(exception);
        }

        return result;
    }

    /// <summary>
    /// A transaction that another one beat (a serialization failure or a deadlock), or an insert that met a row a
    /// concurrent transaction had just added (under serializable, the retry sees that row and decides again).
    /// </summary>
    private static bool LostConflict(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;
}
