using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Repositories;
using Sluice.Server.Runs;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>The API that people and tools use: repositories, runs, logs, agents, tokens, secrets and the audit log.</summary>
public static partial class ClientEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        app.MapGet("/api/v1/repos", context => ListRepositories(context, server));
        app.MapPost("/api/v1/repos", context => AddRepository(context, server));
        app.MapPost("/api/v1/repos/{name}/runs", context => Trigger(context, server));
        app.MapPatch("/api/v1/repos/{name}", context => EditRepository(context, server));
        app.MapDelete("/api/v1/repos/{name}", context => RemoveRepository(context, server));
        app.MapPut("/api/v1/repos/{name}/secrets/{secret}", context => SetSecret(context, server));
        app.MapGet("/api/v1/repos/{name}/secrets", context => ListSecrets(context, server));
        app.MapDelete("/api/v1/repos/{name}/secrets/{secret}", context => DeleteSecret(context, server));
        MapCommitStatuses(app, server);
        app.MapGet("/api/v1/runs", context => ListRuns(context, server));
        app.MapGet("/api/v1/runs/{id:long}", context => GetRun(context, server));
        app.MapGet("/api/v1/runs/{id:long}/logs", context => GetLogs(context, server));
        app.MapGet("/api/v1/runs/{id:long}/summaries", context => GetSummaries(context, server));
        app.MapPost("/api/v1/runs/{id:long}/cancel", context => Cancel(context, server));
        app.MapPost("/api/v1/runs/{id:long}/rerun", context => Rerun(context, server));
        app.MapGet("/api/v1/agents", context => ListAgents(context, server));
        app.MapGet("/api/v1/queue", context => GetQueue(context, server));
        app.MapPost("/api/v1/tokens", context => CreateToken(context, server));
        app.MapGet("/api/v1/tokens", context => ListTokens(context, server));
        app.MapDelete("/api/v1/tokens/{token}", context => RevokeToken(context, server));
        app.MapDelete("/api/v1/agents/{agent}", context => RemoveAgent(context, server));
        app.MapPost("/api/v1/agents/{agent}/disable", context => SetAgentDisabled(context, server, true));
        app.MapPost("/api/v1/agents/{agent}/enable", context => SetAgentDisabled(context, server, false));
        app.MapGet("/api/v1/audit", context => Audit(context, server));
        app.MapGet("/api/v1/repos/{name}/facets", context => Facets(context, server));
        app.MapGet("/api/v1/runs/{id:long}/jobs/{job}/steps", context => Steps(context, server));
        app.MapGet("/api/v1/runs/{id:long}/annotations", context => Annotations(context, server));
        app.MapGet("/api/v1/runs/{id:long}/logs/stream", context => LogStream(context, server));
        app.MapGet("/api/v1/events", context => Changes(context, server));
    }

    private static async Task ListRepositories(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewRepositories);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var list = (await server.Store.RepositoriesAsync(context.RequestAborted)).Where(r => caller!.MayUse(r.Name)).Select(Views.Of).ToList();
        await Results.Json<IReadOnlyList<RepositoryView>>(list, ProtocolJson.Default.IReadOnlyListRepositoryView).ExecuteAsync(context);
    }

    private static async Task AddRepository(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.RepositoryCreate) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if ((RepositoryNames.Problem(request!.Name) ?? RepositoryNames.UrlProblem(request.Url)) is { } invalid)
        {
            await Problems.BadRequest(invalid).ExecuteAsync(context);
            return;
        }

        if (request.PollSeconds is < 5 or > 86400)
        {
            await Problems.BadRequest("poll must be between 5 seconds and one day").ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        RepositoryRecord repository;
        try
        {
            repository = await server.Store.AddRepositoryAsync(request.Name, request.Url, request.PollSeconds, request.WebhookSecret is { Length: > 0 } s ? System.Text.Encoding.UTF8.GetBytes(s) : null, now, context.RequestAborted);
        }
        catch (StoreException ex) when (!ex.Unavailable)
        {
            await Problems.Conflict(ex.Message).ExecuteAsync(context);
            return;
        }

        try
        {
            var branch = await server.Mirror.FetchAsync(repository, context.RequestAborted);
            await server.Store.SetRepositoryPolledAsync(repository.Id, branch, null, context.RequestAborted);
            repository = repository with { DefaultBranch = branch };
            if (repository.PollSeconds is not null)
            {
                // The first look only remembers the branches, so polling starts from what is there now.
                await new Triggers.RepositoryPoller(server).PollAsync(repository, context.RequestAborted);
            }
        }
        catch (RepositoryException ex)
        {
            await Problems.Of(StatusCodes.Status422UnprocessableEntity, "Repository unreachable", ex.Message + " (the repository was added; fix its URL or access and trigger again)").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller!.Name, caller.Source, "repository.add", repository.Name, repository.Url, now, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status201Created;
        await Results.Json(Views.Of(repository), ProtocolJson.Default.RepositoryView, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task Trigger(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.TriggerRun, name);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.TriggerRequest) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await Problems.NotFound($"no repository named '{name}' (sluice repo list)").ExecuteAsync(context);
            return;
        }

        string sha;
        string reference;
        try
        {
            var branch = await server.Mirror.FetchAsync(repository, context.RequestAborted);
            var wanted = request!.Ref is { Length: > 0 } r ? r : branch;
            sha = await server.Mirror.ResolveAsync(repository, wanted, context.RequestAborted) ?? throw new RepositoryException($"'{wanted}' is not a branch, tag or commit of repository '{name}'");
            reference = wanted.StartsWith("refs/", StringComparison.Ordinal) ? wanted
                : await server.Mirror.ResolveAsync(repository, "refs/tags/" + wanted, context.RequestAborted) is not null ? "refs/tags/" + wanted
                : await server.Mirror.ResolveAsync(repository, "refs/heads/" + wanted, context.RequestAborted) is not null ? "refs/heads/" + wanted
                : wanted;
        }
        catch (RepositoryException ex)
        {
            await Problems.Of(StatusCodes.Status422UnprocessableEntity, "Repository unreachable", ex.Message).ExecuteAsync(context);
            return;
        }

        var trigger = new RunTrigger(
            request.Event is { Length: > 0 } e ? e : "push",
            reference,
            sha,
            null,
            null,
            null,
            null,
            request.Inputs ?? new Dictionary<string, string>(),
            caller!.Name,
            SecretsAllowed: true,
            request.Workflow);
        var (runs, message) = await server.Starter.StartAsync(repository, trigger, context.RequestAborted);
        var now = server.Time.GetUtcNow();
        await server.Store.AuditAsync(caller.Name, caller.Source, "run.trigger", repository.Name, $"{trigger.Event} {reference} {sha[..Math.Min(12, sha.Length)]}: {runs.Count} run(s)", now, context.RequestAborted);
        var views = new List<RunView>();
        foreach (var run in runs)
        {
            views.Add(await Views.OfAsync(server, (await server.Store.RunAsync(run.Id, context.RequestAborted))!, context.RequestAborted));
        }

        await Results.Json(new TriggerResponse(views, message), ProtocolJson.Default.TriggerResponse, statusCode: runs.Count > 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK).ExecuteAsync(context);
    }
}
