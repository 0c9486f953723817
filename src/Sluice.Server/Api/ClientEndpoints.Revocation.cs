using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Agents;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>Listing and revoking tokens; removing, disabling and enabling agents. Each change is audited.</summary>
public static partial class ClientEndpoints
{
    private static async Task ListTokens(HttpContext context, ServerState server)
    {
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageTokens);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var tokens = (await server.Store.TokensAsync(context.RequestAborted))
            .Select(t => new TokenView(t.Id, t.Prefix, t.Scope, t.Owner, t.Repositories, t.Description, t.CreatedBy, t.CreatedAt, t.UsedAt, t.Revoked, t.RevokedAt, t.ExpiresAt))
            .ToList();
        await Results.Json<IReadOnlyList<TokenView>>(tokens, ProtocolJson.Default.IReadOnlyListTokenView).ExecuteAsync(context);
    }

    private static async Task RevokeToken(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageTokens);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var text = (string)context.Request.RouteValues["token"]!;
        var (reference, invalid) = TokenReference.Parse(text);
        if (reference is null)
        {
            await Problems.BadRequest(invalid!).ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        if (reference.IsAgentCredential)
        {
            var agents = (await server.Store.AgentsAsync(context.RequestAborted)).Where(a => a.CredentialPrefix is { } p && reference.Matches(0, p, a.CredentialHash)).ToList();
            if (agents.Count != 1)
            {
                await (agents.Count == 0
                    ? Problems.NotFound($"no agent's credential starts with {reference.Prefix} (sluice agents shows them; an agent removed already has none)")
                    : Problems.Conflict($"{reference.Prefix} starts the credentials of several agents ({string.Join(", ", agents.Select(a => a.CredentialPrefix))}); give more of it")).ExecuteAsync(context);
                return;
            }

            var agent = agents[0];
            var requeued = await AgentRemoval.RemoveAsync(server, agent, caller!.Name, context.RequestAborted) ?? [];
            await server.Store.AuditAsync(caller.Name, caller.Source, "token.revoke", agent.CredentialPrefix!, $"agent-credential of agent {agent.Id} {agent.Name} (the agent is removed){Requeued(requeued)}", now, context.RequestAborted);
            await Results.Json(new TokenRevoked(agent.CredentialPrefix!, TokenScopeNames.Name(TokenScope.AgentCredential), $"agent:{agent.Name}", requeued), ProtocolJson.Default.TokenRevoked).ExecuteAsync(context);
            return;
        }

        var candidates = (await server.Store.TokensAsync(context.RequestAborted)).Where(t => reference.Matches(t.Id, t.Prefix, t.Hash)).ToList();
        var active = candidates.Where(t => !t.Revoked).ToList();
        if (active.Count != 1)
        {
            await (candidates.Count == 0 ? Problems.NotFound($"no token {text} (sluice token list)")
                : active.Count == 0 ? Problems.Conflict($"token {candidates[0].Prefix} was revoked already, at {candidates[0].RevokedAt:u}")
                : Problems.Conflict($"{text} starts several tokens ({string.Join(", ", active.Select(t => $"#{t.Id} {t.Prefix}"))}); give its id or more of it")).ExecuteAsync(context);
            return;
        }

        var token = active[0];
        if (!await server.Store.RevokeTokenAsync(token.Id, now, context.RequestAborted))
        {
            await Problems.Conflict($"token {token.Prefix} was revoked already").ExecuteAsync(context);
            return;
        }

        var sessions = await WebSessions.EndStartedWithAsync(server.Store, token, now, context.RequestAborted);
        var ended = sessions.Count == 0 ? "" : $"; its web sessions ended: {string.Join(", ", sessions)}";
        await server.Store.AuditAsync(caller!.Name, caller.Source, "token.revoke", token.Prefix, token.Scope + (token.Owner is { } o ? ", owner " + o : "") + ended, now, context.RequestAborted);
        await Results.Json(new TokenRevoked(token.Prefix, token.Scope, token.Owner, []), ProtocolJson.Default.TokenRevoked).ExecuteAsync(context);
    }

    private static async Task RemoveAgent(HttpContext context, ServerState server)
    {
        var (caller, agent) = await AgentToManageAsync(context, server);
        if (agent is null)
        {
            return;
        }

        var requeued = await AgentRemoval.RemoveAsync(server, agent, caller!.Name, context.RequestAborted);
        if (requeued is null)
        {
            await Problems.NotFound($"agent {agent.Name} (#{agent.Id}) was removed already").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller.Name, caller.Source, "agent.remove", $"agent {agent.Id} {agent.Name}", $"credential {agent.CredentialPrefix ?? "(not recorded)"}{Requeued(requeued)}", server.Time.GetUtcNow(), context.RequestAborted);
        await Results.Json(new AgentRemoved(agent.Id, agent.Name, requeued), ProtocolJson.Default.AgentRemoved).ExecuteAsync(context);
    }

    private static async Task SetAgentDisabled(HttpContext context, ServerState server, bool disabled)
    {
        var (caller, agent) = await AgentToManageAsync(context, server);
        if (agent is null)
        {
            return;
        }

        if (!await server.Store.SetAgentDisabledAsync(agent.Id, disabled, context.RequestAborted))
        {
            await Problems.NotFound($"agent {agent.Name} (#{agent.Id}) was removed").ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        await server.Store.AuditAsync(caller!.Name, caller.Source, disabled ? "agent.disable" : "agent.enable", $"agent {agent.Id} {agent.Name}", null, now, context.RequestAborted);
        if (!disabled)
        {
            server.JobSignal.Pulse();
        }

        await Results.Json(AgentViewOf(server, agent) with { Disabled = disabled }, ProtocolJson.Default.AgentView).ExecuteAsync(context);
    }

    /// <summary>
    /// The agent a request names by its name, or by its id (<c>7</c> or <c>#7</c>) when no agent has that name; null
    /// after answering the problem (no such agent, several of that name, not allowed).
    /// </summary>
    private static async Task<(Caller? Caller, AgentRow? Agent)> AgentToManageAsync(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageAgents);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return (null, null);
        }

        // Route values keep %2F encoded; names are compared as the agent sent them.
        var name = Uri.UnescapeDataString((string)context.Request.RouteValues["agent"]!);
        if (name.Length > 100 || name.Any(char.IsControl))
        {
            await Problems.BadRequest($"'{Sluice.Security.Printable.Of(name)}' is not an agent's name or id: names have 1 to 100 characters without control characters").ExecuteAsync(context);
            return (null, null);
        }

        var agents = await server.Store.AgentsAsync(context.RequestAborted);
        var named = agents.Where(a => a.Name == name).ToList();
        if (named.Count == 0 && long.TryParse(name.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            named = agents.Where(a => a.Id == id).ToList();
        }

        if (named.Count == 1)
        {
            return (caller, named[0]);
        }

        await (named.Count == 0
            ? Problems.NotFound($"no agent named {Sluice.Security.Printable.Of(name)} (sluice agents lists them)")
            : Problems.Conflict($"several agents are named {name} ({string.Join(", ", named.Select(a => "#" + a.Id))}); name one by its id")).ExecuteAsync(context);
        return (null, null);
    }

    private static string Requeued(IReadOnlyList<long> jobs) => jobs.Count == 0 ? "" : $"; job(s) {string.Join(", ", jobs)} queued again";
}
