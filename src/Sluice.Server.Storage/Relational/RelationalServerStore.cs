using System.Data.Common;

namespace Sluice.Server.Storage.Relational;

/// <summary>
/// The storage contract over SQL that SQLite and PostgreSQL both understand: every query, its parameters and its row
/// mapping are written once here. A provider says how it connects, how it runs a write transaction (SQLite queues
/// writers in this process; PostgreSQL runs them serializable and retries a conflict, and the agents' hot path read
/// committed with row locks), and the few steps each database
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

    /// <summary>
    /// The write transaction of the agent's hot path (claim, lease renewal, log batch, completion) and of queueing jobs,
    /// whose statements lock every row their decision rests on (or are single upserts, atomic on their own): the job taken with <c>SKIP LOCKED</c>, the fenced job row (updated, or read
    /// with <see cref="ShareLock"/>), the run whose events it appends (<see cref="RunLock"/>). Such a write is exact read
    /// committed, so a provider with many writers may run it so instead of serializable and spare it the conflicts that
    /// unrelated writes to the same tables and index pages cause there; one that writes one at a time runs it as any other.
    /// </summary>
    private protected virtual Task<T> LockingWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, cancellationToken);

    /// <summary>
    /// A statement that locks a run's row (parameter <c>@run</c>) until the transaction ends, so that the run's events are
    /// numbered by one writer at a time whatever its isolation; null where writes run one at a time anyway (SQLite).
    /// </summary>
    private protected virtual string? RunLock => null;

    /// <summary>Appended to a <c>SELECT</c> of one table to hold its rows against change until the transaction ends (empty where writes run one at a time).</summary>
    private protected virtual string ShareLock => "";

    /// <summary>
    /// The oldest queued job that <paramref name="canRun"/> takes, held by this transaction so that no other claim takes
    /// it too; the whole queue is in reach, however many jobs wait ahead for labels this agent lacks.
    /// </summary>
    private protected abstract Task<JobRow?> TakeQueuedJobAsync(DbConnection connection, DbTransaction transaction, Func<JobRow, bool> canRun, CancellationToken cancellationToken);
}
