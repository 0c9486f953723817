using System.Collections.Concurrent;

namespace Sluice.Server.Agents;

/// <summary>
/// When each agent was last heard from by this replica and what it runs, kept in memory (the database is written at a
/// bounded rate, <see cref="AgentSightings"/>; what other replicas heard is read from there, <see cref="AgentStatus"/>).
/// </summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<long, Seen> _seen = new();

    public void Heard(long agentId, DateTimeOffset now, IReadOnlyList<string> labels, long? runningJob = null) =>
        _seen.AddOrUpdate(agentId, _ => new Seen(now, labels, runningJob), (_, old) => new Seen(now, labels, runningJob ?? old.RunningJob));

    public void Idle(long agentId, DateTimeOffset now, IReadOnlyList<string> labels) => _seen[agentId] = new Seen(now, labels, null);

    /// <summary>A removed agent is no longer online, whatever it last said.</summary>
    public void Forget(long agentId) => _seen.TryRemove(agentId, out _);

    public Seen? Of(long agentId) => _seen.TryGetValue(agentId, out var seen) ? seen : null;

    public long Busy => _seen.Values.Count(s => s.RunningJob is not null);

    public int Online(DateTimeOffset since) => _seen.Values.Count(s => s.At >= since);

    public sealed record Seen(DateTimeOffset At, IReadOnlyList<string> Labels, long? RunningJob);
}
