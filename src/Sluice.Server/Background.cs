using Sluice.Server.Storage;

namespace Sluice.Server;

/// <summary>The server's loops: leases whose agent stopped renewing are ended and their jobs queued again.</summary>
internal static class Background
{
    public static async Task LeasesAsync(ServerState state, CancellationToken stopping)
    {
        var every = TimeSpan.FromMilliseconds(Math.Max(200, state.Options.Lease.TotalMilliseconds / 6));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, state.Time, stopping).ConfigureAwait(false);
                await ReapAsync(state, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // The next round tries again; a database that stays unavailable shows in /readyz.
            }
        }
    }

    /// <summary>Ends every expired lease: the job goes back to the queue as a new attempt (or fails, past the limit of attempts).</summary>
    public static async Task ReapAsync(ServerState state, CancellationToken cancellationToken)
    {
        var now = state.Time.GetUtcNow();
        foreach (var job in await state.Store.ExpiredLeasesAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var reason = $"lease expired: agent {job.AgentName ?? "?"} stopped renewing it (the agent died, its machine stopped, or the network broke)";
            if (await state.Store.AbandonAttemptAsync(job.Id, job.Attempt, "lost", reason, state.Options.MaxAttempts, now, cancellationToken).ConfigureAwait(false))
            {
                state.Metrics.LeasesLost.Add(1);
                state.JobSignal.Pulse();
                await state.Coordinator.AdvanceAsync(job.RunId, cancellationToken).ConfigureAwait(false);
                state.RunSignal.Pulse();
            }
        }

        var queued = await state.Store.QueuedJobsAsync(10_000, cancellationToken).ConfigureAwait(false);
        state.QueueSnapshot = queued.GroupBy(j => string.Join(",", j.Labels.Order(StringComparer.OrdinalIgnoreCase))).ToDictionary(g => g.Key, g => (long)g.Count());
    }
}
