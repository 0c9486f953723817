using Sluice.Server.Storage;

namespace Sluice.Server.Agents;

/// <summary>
/// Removing an agent (<c>sluice agents remove</c>, or revoking its credential): from then on its credential opens
/// nothing and no claim gives it a job, and each job it held is queued again at once as a new attempt, instead of
/// waiting for its lease to run out. The agent's worker is refused (409) at its next request and stops.
/// </summary>
public static class AgentRemoval
{
    public const string Reason = "agent removed";

    /// <summary>The ids of the jobs queued again; null when the agent was removed already.</summary>
    public static async Task<IReadOnlyList<long>?> RemoveAsync(ServerState server, AgentRow agent, string by, CancellationToken cancellationToken)
    {
        if (!await server.Store.RemoveAgentAsync(agent.Id, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        server.Presence.Forget(agent.Id);
        var requeued = new List<long>();
        foreach (var job in await server.Store.JobsHeldByAsync(agent.Id, cancellationToken).ConfigureAwait(false))
        {
            var reason = $"{Reason}: {agent.Name} was removed from the server by {by}";
            if (await server.Store.AbandonAttemptAsync(job.Id, job.Attempt, "lost", reason, server.Options.MaxAttempts, server.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                requeued.Add(job.Id);
                await server.Coordinator.AdvanceAsync(job.RunId, CancellationToken.None).ConfigureAwait(false);
            }
        }

        // Wakes waiting claims (the job is there for them) and the removed agent's held heartbeat (to be told 409).
        server.JobSignal.Pulse();
        server.RunSignal.Pulse();
        return requeued;
    }
}
