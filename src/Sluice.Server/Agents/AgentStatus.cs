using Sluice.Server.Storage;

namespace Sluice.Server.Agents;

/// <summary>
/// Whether an agent is online, busy or idle, as any replica says it: from when the store last saw it (written by the
/// replicas it talks to, <see cref="AgentSightings"/>), or this replica's own fresher memory, and from the job the store
/// says it runs.
/// </summary>
public static class AgentStatus
{
    public static DateTimeOffset LastSeen(ServerState server, AgentRow agent)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(agent);
        return server.Presence.Of(agent.Id)?.At is { } here && here > agent.LastSeen ? here : agent.LastSeen;
    }

    /// <summary>"offline", "busy" or "idle".</summary>
    public static string Of(ServerState server, AgentRow agent)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(agent);
        return LastSeen(server, agent) < server.Time.GetUtcNow() - server.Options.AgentOffline ? "offline" : agent.RunningJob is null ? "idle" : "busy";
    }

    /// <summary>The labels of every agent online.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> OnlineLabelsAsync(ServerState server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var since = server.Time.GetUtcNow() - server.Options.AgentOffline;
        return [.. (await server.Store.AgentsAsync(cancellationToken).ConfigureAwait(false)).Where(a => LastSeen(server, a) >= since).Select(a => a.Labels)];
    }
}
