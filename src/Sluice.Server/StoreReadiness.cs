using Sluice.Server.Storage;

namespace Sluice.Server;

/// <summary>
/// Whether the store reaches its database, for <c>/readyz</c>: a probe (<see cref="IServerStore.PingAsync"/>) that
/// succeeded stands for a second however often it is asked, unless a request fails for want of the database meanwhile;
/// a probe that failed stands for nothing, so the next ask probes again and the server is ready as soon as the
/// database answers. Requests that ask while a probe runs share it, so there is never more than one at a time.
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
            var now = time.GetUtcNow();
            if (_probe is { } probe && (!probe.IsCompleted || (probe is { IsCompletedSuccessfully: true, Result: null } && now - _probed < Fresh)))
            {
                return probe;
            }

            _probed = now;
            return _probe = ProbeAsync();
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database that answers but refuses (a password changed, a dropped schema) is not ready either.
            return $"the database cannot be used ({ex.Message})";
        }
    }
}
