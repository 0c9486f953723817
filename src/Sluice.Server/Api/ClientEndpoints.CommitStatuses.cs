using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.CodeHosts;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>Where a repository's commit statuses go (<c>sluice repo statuses</c>): set, read (never the token) and turned off; changes audited.</summary>
public static partial class ClientEndpoints
{
    public static void MapCommitStatuses(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app, ServerState server)
    {
        app.MapPut("/api/v1/repos/{name}/statuses", context => SetCommitStatusTarget(context, server));
        app.MapGet("/api/v1/repos/{name}/statuses", context => GetCommitStatusTarget(context, server));
        app.MapDelete("/api/v1/repos/{name}/statuses", context => RemoveCommitStatusTarget(context, server));
    }

    private static async Task SetCommitStatusTarget(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories, name);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.CommitStatusTargetRequest) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        // The wire record says these cannot be null; a body that leaves one out still makes them so.
        string? host = request!.Host, apiUrl = request.ApiUrl, path = request.Path, token = request.Token?.Trim();
        var wrong = host is null || apiUrl is null || path is null || token is null
            ? "give host, apiUrl, path and token"
            : CodeHostKinds.Problem(host, apiUrl, path)
              ?? (token.Length == 0 || token.Length > 4096 || token.Any(char.IsControl) ? "the token must be one line of at most 4096 characters" : null);
        if (wrong is not null)
        {
            await Problems.BadRequest(wrong).ExecuteAsync(context);
            return;
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await NoRepository(name).ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        var before = await server.Store.CommitStatusTargetAsync(repository.Id, context.RequestAborted);
        var sealedToken = server.Secrets.Seal(repository.Name, CommitStatusSender.TokenName, token!);
        var target = new CommitStatusTarget(repository.Id, host!, apiUrl!.TrimEnd('/'), path!, sealedToken, now);
        await server.Store.SetCommitStatusTargetAsync(repository.Id, target, context.RequestAborted);
        var detail = $"{target.Host} {target.ApiUrl} {target.Path}" + (before is null ? "" : $" (was {before.Host} {before.ApiUrl} {before.Path}); token replaced");
        await server.Store.AuditAsync(caller!.Name, caller.Source, "repository.statuses", repository.Name, detail, now, context.RequestAborted);
        await Results.Json(View(repository.Name, target), ProtocolJson.Default.CommitStatusTargetView).ExecuteAsync(context);
    }

    private static async Task GetCommitStatusTarget(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories, name);
        var repository = problem is null ? await server.Store.RepositoryAsync(name, context.RequestAborted) : null;
        if (repository is null)
        {
            await (problem ?? NoRepository(name)).ExecuteAsync(context);
            return;
        }

        if (await server.Store.CommitStatusTargetAsync(repository.Id, context.RequestAborted) is not { } target)
        {
            await Problems.NotFound($"repository '{name}' posts no commit statuses (sluice repo statuses {name} --host ... to start)").ExecuteAsync(context);
            return;
        }

        await Results.Json(View(repository.Name, target), ProtocolJson.Default.CommitStatusTargetView).ExecuteAsync(context);
    }

    private static async Task RemoveCommitStatusTarget(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories, name);
        var repository = problem is null ? await server.Store.RepositoryAsync(name, context.RequestAborted) : null;
        if (repository is null)
        {
            await (problem ?? NoRepository(name)).ExecuteAsync(context);
            return;
        }

        var before = await server.Store.CommitStatusTargetAsync(repository.Id, context.RequestAborted);
        await server.Store.SetCommitStatusTargetAsync(repository.Id, null, context.RequestAborted);
        if (before is not null)
        {
            await server.Store.AuditAsync(caller!.Name, caller.Source, "repository.statuses", repository.Name, $"off (was {before.Host} {before.ApiUrl} {before.Path})", server.Time.GetUtcNow(), context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static CommitStatusTargetView View(string repository, CommitStatusTarget target) =>
        new(repository, target.Host, target.ApiUrl, target.Path, target.UpdatedAt);
}
