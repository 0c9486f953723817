namespace Sluice.Server.Notifications;

/// <summary>
/// Carries this server's live events (the pulses of its <see cref="Runs.JobSignal"/>s) to every other server on the
/// same store, and theirs to this one: an agent's long-poll claim, a log follower and a held heartbeat wake on whichever
/// replica they wait.
/// </summary>
public interface IServerNotifications : IAsyncDisposable
{
    /// <summary>Tells the other servers that <paramref name="topic"/> changed; returns at once, never throws.</summary>
    void Publish(string topic);

    /// <summary>Receives the other servers' events until <paramref name="stopping"/> is cancelled.</summary>
    Task RunAsync(CancellationToken stopping);
}
