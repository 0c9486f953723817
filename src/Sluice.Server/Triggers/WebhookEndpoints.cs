using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Server.Api;
using Sluice.Server.Repositories;
using Sluice.Server.Runs;
using Sluice.Triggers.Webhooks;

namespace Sluice.Server.Triggers;

/// <summary>
/// <c>POST /api/v1/hooks/{repo}</c>: a push or pull request from GitHub, Gitea, Forgejo or GitLab, signed with the
/// repository's webhook secret. Each delivery is processed once: its redelivery key is stored before runs start, so
/// a host that sends it again gets 200 and nothing runs twice. A pull request also starts the base branch's
/// <c>pull_request_target</c> workflows, as on GitHub.
/// </summary>
public static class WebhookEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServerState server) => app.MapPost("/api/v1/hooks/{name}", context => Deliver(context, server));

    private static async Task Deliver(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await Problems.NotFound($"no repository named '{name}'").ExecuteAsync(context);
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex)
        {
            await Problems.Of(ex.StatusCode, "Bad request", ex.Message).ExecuteAsync(context);
            return;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var secret = repository.WebhookSecret is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        var result = WebhookVerifier.Verify(headers, body, secret);
        var now = server.Time.GetUtcNow();
        if (result.IsAccepted && !await server.Store.RecordDeliveryAsync(repository.Id, result.RedeliveryKey!, "accepted", now, context.RequestAborted))
        {
            result = result.AsRedelivery();
        }

        server.Metrics.Webhooks.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToMetricLabel()));
        server.Events.WebhookDelivery(repository.Name, result.Outcome, result.Reason);
        if (!result.IsAccepted)
        {
            var status = result.StatusCode;
            if (status >= 400)
            {
                await Problems.Of(status, status == 401 ? "Unauthorized" : status == 413 ? "Payload too large" : "Bad request", result.Reason).ExecuteAsync(context);
            }
            else
            {
                await Results.Text(result.Reason + "\n", statusCode: status).ExecuteAsync(context);
            }

            return;
        }

        var delivered = result.Event!;
        var started = new List<long>();
        string? message;
        try
        {
            await server.Mirror.FetchAsync(repository, context.RequestAborted);
            if (await server.Mirror.ResolveAsync(repository, delivered.Sha, context.RequestAborted) is null)
            {
                await server.Mirror.FetchRefAsync(repository, delivered.FetchRef, context.RequestAborted);
            }

            var (runs, problem) = await server.Starter.StartAsync(repository, RunTrigger.From(delivered, result.Host.ToString()!), context.RequestAborted);
            started.AddRange(runs.Select(r => r.Id));
            message = problem;
            if (delivered.Name == "pull_request" && delivered.BaseRef is { } baseRef)
            {
                var baseSha = delivered.BaseSha ?? await server.Mirror.ResolveAsync(repository, "refs/heads/" + baseRef, context.RequestAborted);
                if (baseSha is not null)
                {
                    var target = delivered.AsPullRequestTarget(baseSha);
                    var (targetRuns, _) = await server.Starter.StartAsync(repository, RunTrigger.From(target, result.Host.ToString()!), context.RequestAborted);
                    started.AddRange(targetRuns.Select(r => r.Id));
                }
            }
        }
        catch (RepositoryException ex)
        {
            message = ex.Message;
        }

        await server.Store.AuditAsync($"webhook:{result.Host}", Access.Caller.SourceOf(context), "run.trigger", repository.Name, $"{delivered.Name} {delivered.Ref} {delivered.Sha[..Math.Min(12, delivered.Sha.Length)]}: {started.Count} run(s){(message is null ? "" : "; " + message)}", now, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync($"accepted: {started.Count} run(s){(started.Count > 0 ? " " + string.Join(",", started) : "")}{(message is null ? "" : "; " + message)}\n", context.RequestAborted);
    }
}
