using Sluice.Server.Storage;

namespace Sluice.Server.Runs;

/// <summary>
/// With replicas, the server that writes a run's last event concludes it; the others may still hold the run's state
/// from when they advanced it. They let it go once it has been idle for a while and the store says the run is
/// completed (or gone), so a replica's memory does not grow with the runs its peers finished.
/// </summary>
public sealed partial class RunCoordinator
{
    /// <summary>How long a run's state stays unused before the store is asked whether another server ended it.</summary>
    public static readonly TimeSpan IdleBeforeCheck = TimeSpan.FromMinutes(1);

    /// <summary>Raised when a run another server concluded is let go, with its stored conclusion (null: the run was removed).</summary>
    public event Action<long, string?>? RunEndedElsewhere;

    /// <summary>The runs whose state this server holds now.</summary>
    public IReadOnlyCollection<long> HeldRuns => [.. _runs.Keys];

    /// <summary>Lets go of the idle runs the store says are completed or removed; returns how many.</summary>
    public async Task<int> ForgetEndedElsewhereAsync(CancellationToken cancellationToken)
    {
        var idleSince = time.GetUtcNow() - IdleBeforeCheck;
        var forgotten = 0;
        foreach (var (runId, state) in _runs)
        {
            // A run being advanced now is in use, and a busy lock means exactly that: it is looked at next time.
            if (state.Touched > idleSince || !await state.Lock.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                var run = await store.RunAsync(runId, cancellationToken).ConfigureAwait(false);
                if (run is null || run.Status == RunStatuses.Completed)
                {
                    _runs.TryRemove(KeyValuePair.Create(runId, state));
                    forgotten++;
                    RunEndedElsewhere?.Invoke(runId, run?.Conclusion);
                }
            }
            finally
            {
                state.Lock.Release();
            }
        }

        return forgotten;
    }
}
