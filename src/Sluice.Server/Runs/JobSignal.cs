namespace Sluice.Server.Runs;

/// <summary>
/// Wakes everyone waiting when something changes (a job was queued; a job was cancelled). Waiters take the current
/// task before they look, so a change that comes between their look and their wait is not missed.
/// </summary>
public sealed class JobSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
