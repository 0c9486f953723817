namespace Sluice.Server;

/// <summary>
/// The server's loops: leases whose agent stopped renewing are ended and their jobs queued again; runs that wait for
/// nothing but their own next step (<see cref="Runs.RunCoordinator.AdvanceStalledAsync"/>) are advanced; repositories with
/// <c>--poll</c> are fetched; schedule slots fire; expired logs, artifacts and caches are removed (<see cref="Retention"/>);
/// the state of runs another replica concluded is let go. A round that fails is retried at the next one. Time comes from the
/// server's <see cref="TimeProvider"/>, so tests move it.
/// </summary>
internal static class Background
{
    public static Task RunAsync(ServerState state, CancellationToken stopping)
    {
        var poller = new Triggers.RepositoryPoller(state);
        var schedules = new Triggers.ScheduleLoop(state);
        var leaseRound = TimeSpan.FromMilliseconds(Math.Max(200, state.Options.Lease.TotalMilliseconds / 6));
        return Task.WhenAll(
            EveryAsync(state, leaseRound, token => ReapAsync(state, token), stopping),
            EveryAsync(state, state.Options.Lease, token => state.Coordinator.AdvanceStalledAsync(Unadvanced(state), token), stopping),
            EveryAsync(state, TimeSpan.FromSeconds(1), poller.RoundAsync, stopping),
            EveryAsync(state, state.Options.ScheduleRound, schedules.RoundAsync, stopping),
            EveryAsync(state, state.Options.RetentionSweep, token => Retention.SweepAsync(state, token), stopping),
            EveryAsync(state, state.Options.RunStateSweep, token => state.Coordinator.ForgetEndedElsewhereAsync(token), stopping),
            EveryAsync(state, state.Options.DeploymentRound, state.Deployments.RoundAsync, stopping),
            EveryAsync(state, state.Options.DoraRound, state.Dora.RoundAsync, stopping));
    }

    /// <summary>
    /// Ends every expired lease: the job goes back to the queue as a new attempt (or fails, past the limit of attempts).
    /// Not within a lease of the server's start or of the database's last absence (<see cref="Agents.LeaseGrace"/>).
    /// </summary>
    public static async Task ReapAsync(ServerState state, CancellationToken cancellationToken)
    {
        var now = state.Time.GetUtcNow();
        IReadOnlyList<Storage.JobRow> expired;
        try
        {
            expired = state.LeaseGrace.WaitUntil() is null ? await state.Store.ExpiredLeasesAsync(now, cancellationToken).ConfigureAwait(false) : [];
        }
        catch (Storage.StoreException ex) when (ex.Unavailable)
        {
            state.LeaseGrace.Lapsed();
            throw;
        }

        foreach (var job in expired)
        {
            var reason = $"lease expired: agent {job.AgentName ?? "?"} stopped renewing it (the agent died, its machine stopped, or the network broke)";
            if (await state.Store.AbandonAttemptAsync(job.Id, job.Attempt, "lost", reason, state.Options.MaxAttempts, now, cancellationToken).ConfigureAwait(false))
            {
                state.Metrics.LeasesLost.Add(1);
                state.Events.LeaseLost(job.Id, job.Attempt, job.AgentName, reason);
                state.JobSignal.Pulse();
                await state.Coordinator.AdvanceAsync(job.RunId, cancellationToken).ConfigureAwait(false);
                state.RunSignal.Pulse();
            }
        }

        await state.Coordinator.AdvanceUnsettledAsync(Unadvanced(state), cancellationToken).ConfigureAwait(false);
        var queued = await state.Store.QueuedJobsAsync(10_000, cancellationToken).ConfigureAwait(false);
        state.QueueSnapshot = queued.GroupBy(j => string.Join(",", j.Labels.Order(StringComparer.OrdinalIgnoreCase))).ToDictionary(g => g.Key, g => (long)g.Count());
    }

    private static Action<long, Exception> Unadvanced(ServerState state) =>
        (run, ex) => state.Events.Problem($"run {run} could not be advanced ({ex.Message}); trying again at the next round");

    private static async Task EveryAsync(ServerState state, TimeSpan every, Func<CancellationToken, Task> round, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, state.Time, stopping).ConfigureAwait(false);
                await round(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // Whatever failed (a database error the store does not wrap, such as PostgreSQL refusing a statement,
                // included), the loop goes on: a round that ended would stop re-queueing lost jobs for good.
                state.Events.Problem($"background round failed: {ex.Message}");
            }
        }
    }
}
