using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

/// <summary>
/// The storage contract over SQL that SQLite and PostgreSQL both understand: every query, its parameters and its row
/// mapping are written once here. A provider says how it connects, how it runs a write transaction (SQLite queues
/// writers in this process; PostgreSQL runs them serializable and retries a conflict), and the few steps each database
/// does its own way (taking a queued job, a query over many ids).
/// </summary>
public abstract partial class RelationalServerStore : IServerStore
{
    private protected RelationalServerStore()
    {
    }

    public abstract ValueTask DisposeAsync();

    public abstract Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction, committed when it returns.</summary>
    private protected abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a connection of its own, outside any write transaction.</summary>
    private protected abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>The write transaction of a job claim; a provider whose claims lock rows one by one may run it more loosely.</summary>
    private protected virtual Task<T> ClaimWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, cancellationToken);

    /// <summary>
    /// The oldest queued job that <paramref name="canRun"/> takes, held by this transaction so that no other claim takes
    /// it too; the whole queue is in reach, however many jobs wait ahead for labels this agent lacks.
    /// </summary>
    private protected abstract Task<JobRow?> TakeQueuedJobAsync(DbConnection connection, DbTransaction transaction, Func<JobRow, bool> canRun, CancellationToken cancellationToken);
}
