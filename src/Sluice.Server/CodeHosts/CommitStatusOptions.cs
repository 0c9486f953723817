namespace Sluice.Server.CodeHosts;

/// <summary>How commit statuses are delivered: retries, back-off, when to give up, and how often runs are looked at.</summary>
public sealed record CommitStatusOptions
{
    /// <summary>Quick retries of one post that failed for a passing reason (no answer, 5xx), before it waits in the outbox.</summary>
    public int QuickRetries { get; init; } = 2;

    /// <summary>The first quick retry's delay; each next one doubles it (with jitter).</summary>
    public TimeSpan QuickRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The outbox's wait after a failed round of posts; it doubles with each attempt, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A status not taken this long after it changed is given up, with a warning in the server's log.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How long a server holds the statuses it is posting before another may take them (it died meanwhile).</summary>
    public TimeSpan Claim { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long statuses sent or given up are kept in the outbox (which keeps the same state from being posted twice).</summary>
    public TimeSpan KeepSettled { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long one request to a host may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox is looked at when nothing wakes the sender, and unfinished runs are looked at again (a job that started running).</summary>
    public TimeSpan Round { get; init; } = TimeSpan.FromSeconds(5);
}
