namespace Sluice.Engine.Execution;

/// <summary>
/// GitHub's concurrency groups within a run: at most one job of a group runs and one waits. A job that arrives
/// while another waits replaces it (the waiting one ends cancelled); with <c>cancel-in-progress</c> it also
/// cancels the running one.
/// </summary>
public sealed class ConcurrencyGroups
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>Waits for the group; null when this job was superseded before it could run (it ends cancelled).</summary>
    public async Task<IDisposable?> EnterAsync(string group, bool cancelInProgress, CancellationTokenSource running, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> turn;
        lock (_gate)
        {
            if (!_groups.TryGetValue(group, out var state))
            {
                _groups[group] = state = new Group();
            }

            if (state.Running is null)
            {
                state.Running = running;
                return new Lease(this, group, running);
            }

            state.Waiting?.Turn.TrySetResult(false);
            turn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            state.Waiting = (running, turn);
            if (cancelInProgress)
            {
                state.Running.Cancel();
            }
        }

        using (cancellationToken.Register(() => turn.TrySetResult(false)))
        {
            return await turn.Task.ConfigureAwait(false) ? new Lease(this, group, running) : null;
        }
    }

    private void Leave(string group, CancellationTokenSource running)
    {
        lock (_gate)
        {
            var state = _groups[group];
            if (!ReferenceEquals(state.Running, running))
            {
                return;
            }

            state.Running = null;
            if (state.Waiting is { } next)
            {
                state.Waiting = null;
                state.Running = next.Cancel;
                next.Turn.TrySetResult(true);
            }
        }
    }

    private sealed class Group
    {
        public CancellationTokenSource? Running { get; set; }

        public (CancellationTokenSource Cancel, TaskCompletionSource<bool> Turn)? Waiting { get; set; }
    }

    private sealed class Lease(ConcurrencyGroups owner, string group, CancellationTokenSource running) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(group, running);
            }
        }
    }
}
