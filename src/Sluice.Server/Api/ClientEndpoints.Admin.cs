using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;

namespace Sluice.Server.Api;

public static partial class ClientEndpoints
{
    private static async Task ListAgents(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewAgents);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var agents = new List<AgentView>();
        foreach (var a in await server.Store.AgentsAsync(context.RequestAborted))
        {
            // The job it runs, named so a page can link to it; a job of a repository the caller may not see stays a number.
            var job = a.RunningJob is { } running ? await server.Store.JobAsync(running, context.RequestAborted) : null;
            var run = job is null ? null : await server.Store.RunAsync(job.RunId, context.RequestAborted);
            var visible = run is not null && caller!.MayUse(run.Repository);
            agents.Add(AgentViewOf(server, a) with { RunningRun = visible ? run!.Id : null, RunningJobKey = visible ? job!.Key : null, RunningJobName = visible ? job!.DisplayName : null });
        }

        await Results.Json<IReadOnlyList<AgentView>>(agents, ProtocolJson.Default.IReadOnlyListAgentView).ExecuteAsync(context);
    }

    /// <summary>An agent as any replica sees it: its state from the store (and this replica's fresher memory).</summary>
    private static AgentView AgentViewOf(ServerState server, Storage.AgentRow agent) =>
        new(agent.Id, agent.Name, agent.Labels, Agents.AgentStatus.Of(server, agent), Agents.AgentStatus.LastSeen(server, agent), agent.RunningJob, agent.Disabled, agent.CredentialPrefix, Version: agent.Version);

    private static async Task CreateToken(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageTokens);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.TokenCreate) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if (!TokenScopeNames.TryParseCreatable(request!.Scope, out var scope, out var scopeProblem))
        {
            await Problems.BadRequest(scopeProblem ?? "unknown scope").ExecuteAsync(context);
            return;
        }

        var repositories = request.Repositories ?? [];
        if (repositories.FirstOrDefault(r => Repositories.RepositoryNames.Problem(r) is not null) is { } wrong)
        {
            await Problems.BadRequest(Repositories.RepositoryNames.Problem(wrong)!).ExecuteAsync(context);
            return;
        }

        if (request.Owner is { } named && TokenOwners.Problem(named) is { } ownerProblem)
        {
            await Problems.BadRequest(ownerProblem).ExecuteAsync(context);
            return;
        }

        if (request.ExpiresInSeconds is < 1 or > TokenExpiry.MaxSeconds)
        {
            await Problems.BadRequest($"expiresInSeconds must be 1 to {TokenExpiry.MaxSeconds} (ten years); leave it out for a token that does not expire").ExecuteAsync(context);
            return;
        }

        // Left out, the owner is the creator's: a person's tokens belong to that person until said otherwise.
        var owner = request.Owner ?? caller!.Owner;
        var now = server.Time.GetUtcNow();
        var expiresAt = TokenExpiry.At(now, request.ExpiresInSeconds);
        var token = await ApiTokens.IssueAsync(server.Store, scope, repositories, caller!.Name, request.Description, owner, now, context.RequestAborted, expiresAt);
        var scopeName = TokenScopeNames.Name(scope);
        var detail = scopeName + (repositories.Count > 0 ? " for " + string.Join(",", repositories) : "") + (owner is null ? "" : ", owner " + owner) + (expiresAt is { } at ? $", expires {at:u}" : "");
        await server.Store.AuditAsync(caller.Name, caller.Source, "token.create", token.DisplayId, detail, now, context.RequestAborted);
        await Results.Json(new TokenCreated(token.Text, scopeName, token.DisplayId, owner, expiresAt), ProtocolJson.Default.TokenCreated, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task SetSecret(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var secret = (string)context.Request.RouteValues["secret"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageSecrets, name);
        var (value, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.SecretValue) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if (SecretNames.Problem(secret) is { } invalid)
        {
            await Problems.BadRequest(invalid).ExecuteAsync(context);
            return;
        }

        if (value!.Value.Length > 48 * 1024)
        {
            await Problems.BadRequest("a secret is at most 48 KB, as on GitHub").ExecuteAsync(context);
            return;
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await Problems.NotFound($"no repository named '{name}'").ExecuteAsync(context);
            return;
        }

        await server.Store.SetSecretAsync(repository.Id, secret, server.Secrets.Seal(repository.Name, secret, value.Value), server.Time.GetUtcNow(), context.RequestAborted);
        await server.Store.AuditAsync(caller!.Name, caller.Source, "secret.set", $"{name}/{secret}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Audit(HttpContext context, ServerState server)
    {
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewAudit);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var rows = (await server.Store.AuditLogAsync(limit, context.RequestAborted)).Select(a => new AuditView(a.Id, a.At, a.Actor, a.Source, a.Action, a.Target, a.Detail)).ToList();
        await Results.Json<IReadOnlyList<AuditView>>(rows, ProtocolJson.Default.IReadOnlyListAuditView).ExecuteAsync(context);
    }
}
