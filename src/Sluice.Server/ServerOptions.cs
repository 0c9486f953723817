namespace Sluice.Server;

/// <summary>How a server runs: where it keeps its data, where it listens, and the timings of leases and waits.</summary>
public sealed record ServerOptions
{
    public const string DefaultListen = "127.0.0.1:8990";

    public const string DefaultData = ".sluice-server";

    public string DataDirectory { get; init; } = DefaultData;

    /// <summary>
    /// A PostgreSQL database (a <c>postgres://</c> URL or an Npgsql connection string) for the server's records; null
    /// keeps them in SQLite in <see cref="DataDirectory"/>. Blobs (logs, artifacts, caches) and repository copies stay
    /// in <see cref="DataDirectory"/> either way.
    /// </summary>
    public string? Database { get; init; }

    /// <summary><c>HOST:PORT</c>; port 0 takes a free one (tests).</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>How long an agent holds a job without renewing; past it, the job is given to another agent.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a job is started in all when its attempts are lost to infrastructure (a dead agent), not to failing steps.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long an idle agent's request for work is held open before it is answered with none.</summary>
    public TimeSpan ClaimWait { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Largest request body accepted (log batches, webhooks, artifacts come in pieces below it).</summary>
    public long MaxRequestBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>How often schedule slots are looked for (<c>on.schedule</c>); GitHub's own schedules are no more precise than minutes.</summary>
    public TimeSpan ScheduleRound { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The server's own log on standard error: <c>text</c>, <c>json</c> (one object per line, for log collectors) or <c>none</c>.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>Whether the log has the server's events (runs, jobs, agents; information level), or its problems alone.</summary>
    public bool LogEvents { get; init; } = true;

    /// <summary><c>--trusted-proxy</c>: addresses or CIDR blocks of reverse proxies whose <c>X-Forwarded-For</c> is believed.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>
    /// Where reusable workflows of other repositories (<c>owner/repo/.github/workflows/x.yml@ref</c>) come from: the
    /// action store and host of <c>sluice run</c>, as <c>--actions-url</c> and the other action options give them. Null:
    /// such calls fail, saying so.
    /// </summary>
    public Sluice.Engine.Execution.Actions.JobActionsSource? Actions { get; init; }

    /// <summary>An agent not heard from for this long is shown offline.</summary>
    public TimeSpan AgentOffline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a finished run's log lines are kept (GitHub: 90 days); null keeps them.</summary>
    public TimeSpan? LogRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a finished run's artifacts are kept (GitHub: 90 days); null keeps them.</summary>
    public TimeSpan? ArtifactRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a cache entry is kept after it was last saved or restored (GitHub: 7 days); null keeps it.</summary>
    public TimeSpan? CacheRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The total size of a repository's cache entries (GitHub: 10 GiB); past it the least recently used go first. It is
    /// also the largest entry accepted.
    /// </summary>
    public long CacheBytesPerRepository { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>How often expired logs, artifacts and caches are removed; <see cref="Timeout.InfiniteTimeSpan"/> never (tests that sweep themselves).</summary>
    public TimeSpan RetentionSweep { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the state of runs another replica concluded is let go; <see cref="Timeout.InfiniteTimeSpan"/> never (tests that do it themselves).</summary>
    public TimeSpan RunStateSweep { get; init; } = Runs.RunCoordinator.IdleBeforeCheck;

    /// <summary>How often deployments with something due (a wait timer that ended, a health sample) are looked at; <see cref="Timeout.InfiniteTimeSpan"/> never (tests that run the round themselves).</summary>
    public TimeSpan DeploymentRound { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often DORA's figures on <c>/metrics</c> are computed again; <see cref="Timeout.InfiniteTimeSpan"/> never (tests that do it themselves).</summary>
    public TimeSpan DoraRound { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>--public-read</c>: whether visitors without a token may read (repositories, runs, logs, artifacts, quality
    /// history, agents) in the dashboard and the API; never secrets, tokens, the audit log or any change.
    /// </summary>
    public bool PublicRead { get; init; }

    /// <summary>
    /// <c>--public-url</c>: the address people reach the dashboard at (behind a proxy, a TLS terminator), which commit
    /// statuses link to; null: the address the server listens on.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>How commit statuses are delivered to code hosts (retries, back-off, giving up).</summary>
    public CodeHosts.CommitStatusOptions CommitStatuses { get; init; } = new();

    /// <summary><c>--session-hours</c>: how long a web session lasts after signing in (never past the token signed in with).</summary>
    public TimeSpan WebSession { get; init; } = TimeSpan.FromHours(12);
}
