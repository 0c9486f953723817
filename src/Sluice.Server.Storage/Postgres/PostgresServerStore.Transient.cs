using System.Net.Sockets;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Sluice.Server.Storage.Postgres;

/// <summary>
/// Riding out a PostgreSQL that restarts or fails over: a read, or a write whose transaction never reached its commit,
/// is run again after a growing pause when the connection failed for a reason that passes (refused, reset, the server
/// shutting down or not yet accepting connections). A write that failed while its COMMIT was on the wire is never run
/// again, since PostgreSQL may have committed it; it surfaces as a <see cref="StoreException"/> that says so.
/// </summary>
public sealed partial class PostgresServerStore
{
    /// <summary>How many times a transient failure is tried again; with <see cref="FirstPause"/> doubling up to <see cref="LongestPause"/>, about ten seconds in all.</summary>
    internal const int TransientRetries = 6;

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(3);

    private static ResiliencePipeline TransientPipeline(NpgsqlDataSource dataSource, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = TransientRetries,
                Delay = FirstPause,
                MaxDelay = LongestPause,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(Transient),
                OnRetry = _ =>
                {
                    // After a restart every pooled connection is dead: the next try opens a new one instead of meeting them one by one.
                    dataSource.Clear();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>
    /// A failure of the connection rather than of the statement: no socket (refused, reset, timed out), or PostgreSQL
    /// ending the session or refusing it for now (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now,
    /// 53300 too many connections, class 08 connection exceptions). Serialization failures and deadlocks are conflicts,
    /// which <see cref="TransactAsync{T}"/> handles on its own.
    /// </summary>
    internal static bool Transient(NpgsqlException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        _ => exception.IsTransient || exception.InnerException is SocketException or IOException or TimeoutException,
    };

    /// <summary>Why the database is out of reach, in a few words, never with the password.</summary>
    private static string Reason(NpgsqlException exception) => exception switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        { InnerException: { } inner } => inner.Message,
        _ => exception.Message,
    };

    private StoreException Unreachable(NpgsqlException exception) =>
        new($"the PostgreSQL database {Where} cannot be reached ({Reason(exception)}); tried {TransientRetries + 1} times, nothing was changed; try again once it is back", unavailable: true);

    private StoreException LostWhileCommitting(NpgsqlException exception) =>
        new($"the connection to the PostgreSQL database {Where} failed while a change was being committed ({Reason(exception)}); it may or may not have been saved, so look before doing it again", inDoubt: true);

    /// <summary>One round trip (<c>SELECT 1</c>) on a fresh connection, without retries: what <c>/readyz</c> asks.</summary>
    public override async Task PingAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException exception) when (Transient(exception))
            {
                // A pooled connection that died in a restart says nothing about the database now: one more on a new connection.
                _dataSource.Clear();
                if (attempt > 1)
                {
                    throw new StoreException($"the PostgreSQL database {Where} cannot be reached ({Reason(exception)})", unavailable: true);
                }
            }
        }
    }
}
