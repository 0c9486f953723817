using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Server.Access;

namespace Sluice.Server.Api;

public static partial class ClientEndpoints
{
    private static async Task ListAgents(HttpContext context, ServerState server)
    {
        var (_, problem) = await server.Auth.RequireAsync(context, Scopes.Read);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var since = server.Time.GetUtcNow() - server.Options.AgentOffline;
        var agents = (await server.Store.AgentsAsync(context.RequestAborted)).Select(a =>
        {
            var seen = server.Presence.Of(a.Id);
            var status = seen is null || seen.At < since ? "offline" : seen.RunningJob is null ? "idle" : "busy";
            return new AgentView(a.Id, a.Name, a.Labels, status, seen?.At ?? a.LastSeen, seen?.RunningJob);
        }).ToList();
        await Results.Json<IReadOnlyList<AgentView>>(agents, ProtocolJson.Default.IReadOnlyListAgentView).ExecuteAsync(context);
    }

    private static async Task CreateToken(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, Scopes.Admin);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.TokenCreate) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if (!Scopes.All.Contains(request!.Scope))
        {
            await Problems.BadRequest($"scope must be one of {string.Join(", ", Scopes.All)}").ExecuteAsync(context);
            return;
        }

        var repositories = request.Repositories ?? [];
        if (repositories.FirstOrDefault(r => Repositories.RepositoryNames.Problem(r) is not null) is { } wrong)
        {
            await Problems.BadRequest(Repositories.RepositoryNames.Problem(wrong)!).ExecuteAsync(context);
            return;
        }

        var token = Tokens.New(request.Scope switch { Scopes.Agent => "agt", Scopes.Admin => "adm", Scopes.Trigger => "trg", _ => "rd" });
        var now = server.Time.GetUtcNow();
        await server.Store.AddTokenAsync(Tokens.Prefix(token), Tokens.Hash(token), request.Scope, repositories, caller!.Name, request.Description, now, context.RequestAborted);
        await server.Store.AuditAsync(caller.Name, caller.Source, "token.create", Tokens.Prefix(token), request.Scope, now, context.RequestAborted);
        await Results.Json(new TokenCreated(token, request.Scope, Tokens.Prefix(token)), ProtocolJson.Default.TokenCreated, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task SetSecret(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var secret = (string)context.Request.RouteValues["secret"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, Scopes.Admin, name);
        var (value, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.SecretValue) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if (secret.Length is 0 or > 100 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(secret[0]) || secret.StartsWith("GITHUB_", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.BadRequest("a secret name has letters, digits and '_', does not start with a digit or GITHUB_, and has at most 100 characters").ExecuteAsync(context);
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

        await server.Secrets.SetAsync(repository.Id, secret, value.Value, context.RequestAborted);
        await server.Store.AuditAsync(caller!.Name, caller.Source, "secret.set", $"{name}/{secret}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Audit(HttpContext context, ServerState server)
    {
        var (_, problem) = await server.Auth.RequireAsync(context, Scopes.Admin);
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
