using Sluice.Server.Notifications;

namespace Sluice.Server.Runs;

/// <summary>
/// Wakes everyone waiting when something changes (a job was queued; a job was cancelled). Waiters take the current
/// task before they look, so a change that comes between their look and their wait is not missed. A pulse is also
/// published through <see cref="Notifications"/>, so that on a shared database the waiters of every other server wake
/// too; waiters still look again when their wait runs out, so a notification that is lost costs time, not a result.
/// </summary>
public sealed class JobSignal(string topic)
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The name other servers know this signal by in a notification.</summary>
    public string Topic => topic;

    /// <summary>Where pulses go to the other servers on the same store; nowhere (one process) unless set at start.</summary>
    public IServerNotifications Notifications { get; set; } = InProcessNotifications.Instance;

    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes this server's waiters and tells the other servers to wake theirs.</summary>
    public void Pulse()
    {
        Wake();
        Notifications.Publish(topic);
    }

    /// <summary>Wakes this server's waiters only: for a pulse another server published.</summary>
    public void Wake() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
