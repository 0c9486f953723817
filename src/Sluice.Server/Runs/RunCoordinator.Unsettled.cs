using System.Collections.Concurrent;
using Sluice.Server.Storage;

namespace Sluice.Server.Runs;

/// <summary>
/// Runs whose advance failed on this server part way (the database refused a write, or was away for longer than the
/// store's retries), after what set it off was stored: a job's result, a lost lease. Nothing else may come for such a
/// run (its last job has reported), so it is not left to the next event or the next restart: the server's background
/// round advances it again, from its stored events, until that succeeds. A run whose server died before it advanced
/// it is found by any replica's sweep of stalled runs.
/// </summary>
public sealed partial class RunCoordinator
{
    private readonly ConcurrentDictionary<long, bool> _unsettled = new();

    /// <summary>
    /// Advances again each run whose last advance failed; a run that fails again stays for the next round, and is
    /// told to <paramref name="failed"/>.
    /// </summary>
    public async Task AdvanceUnsettledAsync(Action<long, Exception> failed, CancellationToken cancellationToken)
    {
        foreach (var runId in _unsettled.Keys.ToList())
        {
            try
            {
                await AdvanceAsync(runId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed(runId, ex);
            }
        }
    }

    /// <summary>
    /// Advances every unfinished run with no job queued, waiting for its group or running: a run in that state waits
    /// for nothing but its own next step, which the server that should have taken it did not (it was killed just after
    /// storing a job's result, or the result's commit was in doubt and the retry was refused as done). Any replica may
    /// do this; advancing a run twice changes nothing.
    /// </summary>
    public async Task AdvanceStalledAsync(Action<long, Exception> failed, CancellationToken cancellationToken)
    {
        foreach (var run in await store.UnfinishedRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            var jobs = await store.JobsAsync(run.Id, cancellationToken).ConfigureAwait(false);
            if (jobs.Any(j => j.Status is JobStatuses.Queued or JobStatuses.Running or JobStatuses.Pending))
            {
                continue;
            }

            try
            {
                await AdvanceAsync(run.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed(run.Id, ex);
            }
        }
    }

    private void Settled(long runId)
    {
        _unsettled.TryRemove(runId, out _);
        RunAdvanced?.Invoke(runId);
    }

    /// <summary>
    /// Forgets the run's state (what was carried out before the failure is stored, what was not is decided again from
    /// the stored events) and keeps the run to advance again.
    /// </summary>
    private void Unsettled(RunState state)
    {
        state.Discarded = true;
        _runs.TryRemove(new KeyValuePair<long, RunState>(state.RunId, state));
        _unsettled[state.RunId] = true;
    }
}
