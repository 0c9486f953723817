namespace Sluice.Protocol;

/// <summary>Signing in to the web dashboard: the API token a person holds, exchanged for a session cookie.</summary>
public sealed record SessionStart(string Token);

/// <summary>
/// Who the caller is, as a page shows it and decides which buttons to offer: a web session (<see cref="Via"/>
/// <c>cookie</c>), a bearer token (<c>bearer</c>), or an anonymous visitor of a server with public read
/// (<c>anonymous</c>: no owner, no scope, reading only). <see cref="Repositories"/> null covers every repository; the
/// <c>May…</c> flags are what the token's scope allows in the repositories it covers. <see cref="MayApprove"/> may answer
/// deployments waiting for review; the server still checks that the caller is one of the environment's reviewers.
/// </summary>
public sealed record SessionView(
    string Via,
    string Name,
    string? Owner,
    string? Scope,
    IReadOnlyList<string>? Repositories,
    DateTimeOffset? ExpiresAt,
    bool MayTrigger,
    bool MayCancel,
    bool MayRerun,
    bool MayManage,
    bool MayManageTokens,
    bool MayManageAgents,
    bool MayViewAudit,
    bool MayApprove);
