using Sluice.Server.Storage;

namespace Sluice.Server;

/// <summary>
/// Whether the store reaches its database, for <c>/readyz</c>: one probe (<see cref="IServerStore.PingAsync"/>) at
/// most every second however often it is asked, shared by the requests that ask meanwhile, and probed afresh at the
/// next ask when a request has just failed for want of the database. It recovers by itself: the next probe that
/// succeeds makes it ready again.
/// </summary>
public sealed class StoreReadiness(IServerStore store, TimeProvider time)
{
    /// <summary>How long one probe's answer stands.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    /// <summary>A probe that gets no answer in this long counts as a database out of reach (a network that drops packets).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task<string?>? _probe;
    private DateTimeOffset _probed;

    /// <summary>Null when the database answers, else why it does not (without any password).</summary>
    public Task<string?> ProblemAsync()
    {
        lock (_lock)
        {
            if (_probe is null || (_probe.IsCompleted && time.GetUtcNow() - _probed >= Fresh))
            {
                _probed = time.GetUtcNow();
                _probe = ProbeAsync();
            }

            return _probe;
        }
    }

    /// <summary>A request just failed because the database is out of reach: the next ask probes instead of trusting the last answer.</summary>
    public void Lapsed()
    {
        lock (_lock)
        {
            if (_probe is { IsCompleted: true })
            {
                _probe = null;
            }
        }
    }

    private async Task<string?> ProbeAsync()
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        try
        {
            await store.PingAsync(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (StoreException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"the database did not answer within {ProbeTimeout.TotalSeconds} seconds";
        }
    }
}
