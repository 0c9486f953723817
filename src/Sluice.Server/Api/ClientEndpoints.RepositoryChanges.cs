using System.Text;
using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Repositories;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>Changing a repository (its URL, polling, webhook secret) and removing it with everything of it; both audited.</summary>
public static partial class ClientEndpoints
{
    private static async Task EditRepository(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories, name);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.RepositoryEdit) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if (EditProblem(request!) is { } wrong)
        {
            await Problems.BadRequest(wrong).ExecuteAsync(context);
            return;
        }

        var before = await server.Store.RepositoryAsync(name, context.RequestAborted);
        var change = new RepositoryChange(request!.Url, request.PollSeconds, request.WebhookSecret is { } s ? Encoding.UTF8.GetBytes(s) : null);
        var repository = before is null ? null : await server.Store.EditRepositoryAsync(before.Id, change, context.RequestAborted);
        if (before is null || repository is null)
        {
            await NoRepository(name).ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        await server.Store.AuditAsync(caller!.Name, caller.Source, "repository.edit", repository.Name, Changes(before, repository), now, context.RequestAborted);
        var moved = repository.Url != before.Url;
        if (moved || (repository.PollSeconds is not null && before.PollSeconds is null))
        {
            try
            {
                // As when it was added: fetched at once, and polling's first look at the new source only remembers.
                var poller = new Triggers.RepositoryPoller(server);
                await poller.ForgetAsync(repository, context.RequestAborted);
                var branch = await server.Mirror.FetchAsync(repository, context.RequestAborted);
                await server.Store.SetRepositoryPolledAsync(repository.Id, branch, null, context.RequestAborted);
                repository = repository with { DefaultBranch = branch };
                if (repository.PollSeconds is not null)
                {
                    await poller.PollAsync(repository, context.RequestAborted);
                }
            }
            catch (RepositoryException ex)
            {
                await Problems.Of(StatusCodes.Status422UnprocessableEntity, "Repository unreachable", ex.Message + " (the change was kept; fix the URL or access with sluice repo edit)").ExecuteAsync(context);
                return;
            }
        }

        await Results.Json(Views.Of(repository), ProtocolJson.Default.RepositoryView).ExecuteAsync(context);
    }

    private static async Task RemoveRepository(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ManageRepositories, name);
        var repository = problem is null ? await server.Store.RepositoryAsync(name, context.RequestAborted) : null;
        if (repository is null)
        {
            await (problem ?? NoRepository(name)).ExecuteAsync(context);
            return;
        }

        var removal = await server.Store.RemoveRepositoryAsync(repository.Id, context.RequestAborted);
        if (removal.Outcome == RemovalOutcome.Busy)
        {
            var runs = string.Join(", ", removal.UnfinishedRuns.Take(10)) + (removal.UnfinishedRuns.Count > 10 ? ", ..." : "");
            await Problems.Conflict($"repository '{name}' has {removal.UnfinishedRuns.Count} run(s) queued or in progress ({runs}); cancel them first: sluice cancel RUN").ExecuteAsync(context);
            return;
        }

        if (removal.Outcome == RemovalOutcome.NotFound)
        {
            await NoRepository(name).ExecuteAsync(context);
            return;
        }

        await RepositoryFiles.DeleteAsync(server, repository, removal, CancellationToken.None);
        var detail = $"{repository.Url}: {removal.RunIds.Count} run(s), {removal.CacheBlobs.Count} cache entr{(removal.CacheBlobs.Count == 1 ? "y" : "ies")}";
        await server.Store.AuditAsync(caller!.Name, caller.Source, "repository.remove", repository.Name, detail, server.Time.GetUtcNow(), context.RequestAborted);
        await Results.Json(new RepositoryRemoved(repository.Name, removal.RunIds.Count, removal.CacheBlobs.Count), ProtocolJson.Default.RepositoryRemoved).ExecuteAsync(context);
    }

    private static string? EditProblem(RepositoryEdit edit) =>
        edit.Url is null && edit.PollSeconds is null && edit.WebhookSecret is null ? "give what to change: url, pollSeconds (0 stops polling) or webhookSecret (empty removes it)"
        : edit.Url is not null && RepositoryNames.UrlProblem(edit.Url) is { } url ? url
        : edit.PollSeconds is { } poll && poll != 0 && poll is < 5 or > 86400 ? "poll must be between 5 seconds and one day, or off (pollSeconds 0) to stop polling"
        : null;

    /// <summary>What an edit changed, for the audit log; of the webhook secret only whether it was set, changed or removed.</summary>
    private static string Changes(RepositoryRecord before, RepositoryRecord after)
    {
        var changes = new List<string>();
        if (before.Url != after.Url)
        {
            changes.Add($"url {before.Url} -> {after.Url}");
        }

        if (before.PollSeconds != after.PollSeconds)
        {
            changes.Add($"poll {Poll(before.PollSeconds)} -> {Poll(after.PollSeconds)}");
        }

        var secretBefore = before.WebhookSecret ?? [];
        var secretAfter = after.WebhookSecret ?? [];
        if (!secretBefore.AsSpan().SequenceEqual(secretAfter))
        {
            changes.Add(secretAfter.Length == 0 ? "webhook secret removed" : secretBefore.Length == 0 ? "webhook secret set" : "webhook secret changed");
        }

        return changes.Count == 0 ? "nothing changed" : string.Join("; ", changes);
    }

    private static string Poll(int? seconds) => seconds is { } s ? $"{s}s" : "off";
}
