using System.Data.Common;
using Microsoft.Data.Sqlite;
using Sluice.Server.Storage.Relational;

namespace Sluice.Server.Storage.Sqlite;

/// <summary>
/// The server's storage in one SQLite file (WAL), the embedded default. SQLite takes one writer at a time, so writes
/// queue on a lock in this process instead of spinning on SQLITE_BUSY; reads use their own pooled connections and
/// run beside the writer.
/// </summary>
public sealed partial class SqliteServerStore : RelationalServerStore
{
    /// <summary>How long a write waits for another process's lock on the file before the database counts as unavailable.</summary>
    internal static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private SqliteServerStore(string path, TimeSpan busyTimeout)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        _pragmas = FormattableString.Invariant($"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    }

    public string Path { get; }

    /// <summary>Opens the database at <paramref name="path"/>, creating and migrating it when needed.</summary>
    public static Task<SqliteServerStore> OpenAsync(string path, CancellationToken cancellationToken) => OpenAsync(path, BusyTimeout, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>, with a shorter wait for locks, so that a test need not wait 30 s.</summary>
    internal static async Task<SqliteServerStore> OpenAsync(string path, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var store = new SqliteServerStore(full, busyTimeout);
        try
        {
            await using var connection = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqlText.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            await SqliteSchema.MigrateAsync(connection, full, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception exception)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            if (Unusable(exception, full) is { } unusable)
            {
                throw unusable;
            }

            throw;
        }
    }

    /// <summary>A file the server cannot use, said so that its owner knows which file and what to do.</summary>
    private static StoreException? Unusable(Exception exception, string path) => exception is SqliteException sqlite
        ? sqlite.SqliteErrorCode switch
        {
            SQLitePCL.raw.SQLITE_NOTADB => new StoreException($"'{path}' is not a SQLite database; move it away or give the server another data folder"),
            SQLitePCL.raw.SQLITE_CORRUPT => new StoreException($"the server database '{path}' is damaged ({sqlite.Message}); restore it from a backup or move it away"),
            SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_PERM => new StoreException($"the server database '{path}' cannot be opened for writing ({sqlite.Message}); check the folder's permissions"),
            _ => null,
        }
        : null;

    public override ValueTask DisposeAsync()
    {
        _writeLock.Dispose();
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SqlText.ExecuteAsync(connection, null, _pragmas, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// A write waits for another process's lock for the busy timeout (SQLite retries it with its own backoff); past that,
    /// SQLITE_BUSY is a <see cref="StoreException"/> that marks the database unavailable, as PostgreSQL's retries end.
    /// SQLite rolls back a transaction whose COMMIT was refused as busy, so nothing was written.
    /// </summary>
    private protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (SqliteException exception) when (Busy(exception))
        {
            throw Locked(exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (Busy(exception))
        {
            throw Locked(exception);
        }
    }

    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadAsync(connection => SqlText.ExecuteAsync(connection, null, "SELECT 1", cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw new StoreException($"the SQLite database '{Path}' cannot be read ({exception.Message})", unavailable: true);
        }
    }

    private static bool Busy(SqliteException exception) => exception.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED;

    private StoreException Locked(SqliteException exception) =>
        new($"the SQLite database '{Path}' stayed locked by another process past the busy timeout ({exception.Message}); nothing was changed, try again", unavailable: true);

    /// <summary>Writes are serial here, so the first queued job the agent can run is its own; rows are read only up to it.</summary>
    private protected override Task<JobRow?> TakeQueuedJobAsync(DbConnection connection, DbTransaction transaction, Func<JobRow, bool> canRun, CancellationToken cancellationToken) =>
        SqlText.FirstAsync(connection, transaction, $"SELECT {JobColumns} {JobFrom} WHERE j.status = 'queued' ORDER BY j.id", ReadJob, canRun, cancellationToken);
}
