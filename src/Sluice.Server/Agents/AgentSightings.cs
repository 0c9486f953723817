using System.Collections.Concurrent;
using Sluice.Server.Storage;

namespace Sluice.Server.Agents;

/// <summary>
/// Writes to the store that an agent was heard from (and the version it runs), so that every replica on the same
/// database sees it online: at most once per <paramref name="every"/> for each agent on this replica, since agents poll
/// and beat often and the database is not written on each of those.
/// </summary>
public sealed class AgentSightings(IServerStore store, TimeSpan every)
{
    private readonly ConcurrentDictionary<long, Written> _written = new();

    public async Task HeardAsync(long agentId, DateTimeOffset now, string? version, CancellationToken cancellationToken)
    {
        var last = _written.TryGetValue(agentId, out var known) ? known : null;
        if (last is not null && now - last.At < every && (version is null || version == last.Version))
        {
            return;
        }

        var written = new Written(now, version ?? last?.Version);
        _written[agentId] = written;
        try
        {
            await store.TouchAgentAsync(agentId, now, version, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not written: the next time it is heard from tries again.
            _written.TryRemove(new KeyValuePair<long, Written>(agentId, written));
            throw;
        }
    }

    private sealed record Written(DateTimeOffset At, string? Version);
}
