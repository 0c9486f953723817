namespace Sluice.Security.Tokens;

/// <summary>
/// Which token may do what. Read &lt; trigger &lt; admin: each scope allows what the one before allows. A registration
/// token only registers an agent, and an agent credential only does agents' work; neither is a user token, and no user
/// token does agents' work.
/// </summary>
public static class TokenPolicy
{
    /// <summary>
    /// Whether <paramref name="grant"/> allows <paramref name="action"/> on <paramref name="repository"/> (null when the
    /// request names none: a list, which the caller filters with <see cref="TokenGrant.CoversRepository"/>, or an
    /// action on the whole server).
    /// </summary>
    public static bool Allows(TokenGrant grant, TokenAction action, string? repository) =>
        Problem(grant, action, repository) is null;

    /// <summary>Why <paramref name="grant"/> does not allow <paramref name="action"/>, fit for a 403 answer; null when it does.</summary>
    public static string? Problem(TokenGrant grant, TokenAction action, string? repository)
    {
        var (needed, reach) = Rule(action);
        if (!ScopeAllows(grant.Scope, needed))
        {
            var name = TokenScopeNames.Name(grant.Scope);
            return $"{("aeiou".Contains(name[0], StringComparison.Ordinal) ? "An" : "A")} {name} token cannot {Describe(action)}: that takes {Holders(needed)}.";
        }

        if (!grant.IsLimited)
        {
            return null;
        }

        return reach switch
        {
            Reach.Server => $"This token is limited to some repositories, and only a token for every repository may {Describe(action)}.",
            _ when repository is not null && !grant.CoversRepository(repository) =>
                $"This token is limited to {string.Join(", ", grant.Repositories!)} and does not cover the repository '{Printable.Of(repository)}'.",
            Reach.OneRepository when repository is null =>
                $"This token is limited to some repositories, and only a token for every repository may {Describe(action)} without naming one.",
            _ => null,
        };
    }

    private static bool ScopeAllows(TokenScope held, TokenScope needed) => needed switch
    {
        TokenScope.Read or TokenScope.Trigger or TokenScope.Admin =>
            held is TokenScope.Read or TokenScope.Trigger or TokenScope.Admin && held >= needed,
        _ => held == needed,
    };

    private static string Holders(TokenScope needed) => needed switch
    {
        TokenScope.Read => "a read, trigger or admin token",
        TokenScope.Trigger => "a trigger or admin token",
        TokenScope.Admin => "an admin token",
        TokenScope.Agent => "a one-time agent registration token",
        _ => "an agent's own credential",
    };

    /// <summary>
    /// The least scope an action needs, and how far it reaches: into one repository (a limited token must name one it
    /// covers), across repositories with the caller filtering what it shows or offers, or over the whole server.
    /// </summary>
    private static (TokenScope Needed, Reach Reach) Rule(TokenAction action) => action switch
    {
        TokenAction.ViewRepositories or TokenAction.ViewRuns or TokenAction.ViewAgents => (TokenScope.Read, Reach.Filtered),
        TokenAction.ViewLogs or TokenAction.DownloadArtifacts or TokenAction.ViewQualityHistory => (TokenScope.Read, Reach.OneRepository),
        TokenAction.TriggerRun or TokenAction.CancelRun or TokenAction.RerunRun or TokenAction.ApproveRun or TokenAction.QuarantineTests => (TokenScope.Trigger, Reach.OneRepository),
        TokenAction.ManageRepositories or TokenAction.ManageSecrets => (TokenScope.Admin, Reach.OneRepository),
        TokenAction.ManageTokens or TokenAction.ManageAgents or TokenAction.ViewAudit => (TokenScope.Admin, Reach.Server),
        TokenAction.RegisterAgent => (TokenScope.Agent, Reach.Filtered),
        TokenAction.ClaimJob => (TokenScope.AgentCredential, Reach.Filtered),
        TokenAction.WorkOnJob => (TokenScope.AgentCredential, Reach.OneRepository),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a token action."),
    };

    private static string Describe(TokenAction action) => action switch
    {
        TokenAction.ViewRepositories => "view repositories",
        TokenAction.ViewRuns => "view runs",
        TokenAction.ViewLogs => "read logs",
        TokenAction.DownloadArtifacts => "download artifacts",
        TokenAction.ViewQualityHistory => "read quality history",
        TokenAction.ViewAgents => "view agents",
        TokenAction.TriggerRun => "trigger runs",
        TokenAction.CancelRun => "cancel runs",
        TokenAction.RerunRun => "re-run runs",
        TokenAction.ApproveRun => "approve runs",
        TokenAction.QuarantineTests => "quarantine tests",
        TokenAction.ManageRepositories => "add, change or remove repositories",
        TokenAction.ManageSecrets => "manage secrets",
        TokenAction.ManageTokens => "manage tokens",
        TokenAction.ManageAgents => "manage agents",
        TokenAction.ViewAudit => "read the audit log",
        TokenAction.RegisterAgent => "register an agent",
        TokenAction.ClaimJob => "claim jobs",
        _ => "work on jobs",
    };

    private enum Reach
    {
        OneRepository,
        Filtered,
        Server,
    }
}
