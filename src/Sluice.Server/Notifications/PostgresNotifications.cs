using System.Net.Sockets;
using System.Threading.Channels;
using Npgsql;
using Sluice.Server.Runs;

namespace Sluice.Server.Notifications;

/// <summary>
/// Live events between the servers that share one PostgreSQL database, through LISTEN/NOTIFY on <see cref="Channel"/>.
/// A pulse is sent (<c>pg_notify</c>) after the transaction that made the change committed, as
/// "<c>topic sender schema</c>": servers on another schema of the same database, and the sender itself, pass it by.
/// One connection of its own listens; when it drops, it is opened again after a growing pause, and every signal is
/// pulsed once then, since what was sent in between was missed. A pulse that cannot be sent is dropped with a warning:
/// every waiter also looks again when its wait runs out.
/// </summary>
public sealed class PostgresNotifications : IServerNotifications
{
    public const string Channel = "sluice_events";

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    /// <summary>How long the listening connection may be quiet before it is asked whether it still works.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _sender = Guid.NewGuid().ToString("N");
    private readonly IReadOnlyDictionary<string, JobSignal> _signals;
    private readonly TimeProvider _time;
    private readonly ServerEvents _events;
    private readonly Channel<string> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresNotifications(NpgsqlConnectionStringBuilder database, IEnumerable<JobSignal> signals, TimeProvider time, ServerEvents events)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MaxPoolSize = 2 };
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
        _schema = database.SearchPath ?? "";
        _signals = signals.ToDictionary(s => s.Topic, StringComparer.Ordinal);
        _time = time;
        _events = events;
    }

    /// <summary>Completes when LISTEN is in place: at first, and again after a dropped connection was opened again.</summary>
    public Task Listening => Volatile.Read(ref _listening).Task;

    public void Publish(string topic) => _outgoing.Writer.TryWrite(topic);

    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(ListenAsync(stopping), SendAsync(stopping));

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, notification) => Received(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                // Whatever the others sent while this server was not listening is lost: every waiter looks again.
                WakeAll();
                _listening.TrySetResult();
                pause = FirstPause;
                while (true)
                {
                    if (!await connection.WaitAsync(Probe, stopping).ConfigureAwait(false))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection);
                        await probe.ExecuteScalarAsync(stopping).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsConnectionProblem(ex))
            {
                _events.Problem($"live events from the other servers lost ({ex.Message}); listening again in {pause.TotalSeconds:0.##} s");
                if (_listening.Task.IsCompleted)
                {
                    Volatile.Write(ref _listening, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }

                // The pause starts before the waiters wake, so that one who looks again finds it under way.
                var paused = PauseAsync(pause, stopping);
                WakeAll();
                if (!await paused.ConfigureAwait(false))
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    private async Task SendAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        var topics = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                // Pulses that came together go as one notification per topic.
                while (_outgoing.Reader.TryRead(out var topic))
                {
                    topics.Add(topic);
                }

                try
                {
                    await using var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                    foreach (var topic in topics)
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", Channel);
                        notify.Parameters.AddWithValue("payload", $"{topic} {_sender} {_schema}");
                        await notify.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                    }

                    pause = FirstPause;
                }
                catch (Exception ex) when (IsConnectionProblem(ex))
                {
                    _events.Problem($"live events could not reach the other servers ({ex.Message}); they see the change when their waits run out");
                    if (!await PauseAsync(pause, stopping).ConfigureAwait(false))
                    {
                        return;
                    }

                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
                }

                topics.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Received(string payload)
    {
        var parts = payload.Split(' ', 3);
        if (parts.Length == 3 && parts[1] != _sender && parts[2] == _schema && _signals.TryGetValue(parts[0], out var signal))
        {
            signal.Wake();
        }
    }

    private void WakeAll()
    {
        foreach (var signal in _signals.Values)
        {
            signal.Wake();
        }
    }

    private async Task<bool> PauseAsync(TimeSpan pause, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(pause, _time, stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsConnectionProblem(Exception ex) =>
        ex is NpgsqlException or IOException or SocketException or TimeoutException or InvalidOperationException or OperationCanceledException;
}
