namespace Sluice.Server.Agents;

/// <summary>
/// Whether this server may end expired leases now. An agent renews its lease through a server that reaches the
/// database; while this server was down, or its database out of reach, no agent could renew, and ending those leases
/// at once would run every job that was running then a second time. So leases are ended only once the server has been
/// up, and its database reachable, for a whole lease since the last trouble: an agent that kept its job renews within
/// that time (its heartbeats are retried every second), and one that is gone loses it one lease later than otherwise.
/// </summary>
public sealed class LeaseGrace(TimeProvider time, TimeSpan lease)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _trouble = time.GetUtcNow();

    /// <summary>The database was out of reach just now (a request or a round failed for want of it).</summary>
    public void Lapsed()
    {
        lock (_lock)
        {
            _trouble = time.GetUtcNow();
        }
    }

    /// <summary>When leases may be ended again, if not now.</summary>
    public DateTimeOffset? WaitUntil()
    {
        lock (_lock)
        {
            var until = _trouble + lease;
            return time.GetUtcNow() >= until ? null : until;
        }
    }
}
