namespace Sluice.Protocol;

/// <summary>A token as <c>sluice token list</c> shows it: never its text or hash, only its display id.</summary>
public sealed record TokenView(
    long Id,
    string Prefix,
    string Scope,
    string? Owner,
    IReadOnlyList<string> Repositories,
    string? Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UsedAt,
    bool Revoked,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt = null);

/// <summary>
/// What a revocation ended: an API token, or an agent's credential (<see cref="Scope"/> <c>agent-credential</c>, the
/// agent removed with it and the jobs it held queued again).
/// </summary>
public sealed record TokenRevoked(string Prefix, string Scope, string? Owner, IReadOnlyList<long> RequeuedJobs);

/// <summary>An agent removed: its credential opens nothing any more, and the jobs it held are queued again as new attempts.</summary>
public sealed record AgentRemoved(long Id, string Name, IReadOnlyList<long> RequeuedJobs);
