using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;

namespace Sluice.Server.Api;

public static partial class ClientEndpoints
{
    private const int MaxQueueRead = 2000;
    private const int JobsShownPerGroup = 20;

    /// <summary>
    /// The jobs waiting for an agent, by the labels they need, with how long the oldest has waited: what the agents page
    /// shows beside the agents. Jobs of repositories the caller may not see are counted but not named.
    /// </summary>
    private static async Task GetQueue(HttpContext context, ServerState server)
    {
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewAgents);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        var queued = await server.Store.QueuedJobsAsync(MaxQueueRead, context.RequestAborted);
        var repositories = new Dictionary<long, string?>();
        foreach (var runId in queued.Select(j => j.RunId).Distinct())
        {
            repositories[runId] = (await server.Store.RunAsync(runId, context.RequestAborted))?.Repository;
        }

        var groups = queued
            .GroupBy(j => string.Join('\n', j.Labels.Order(StringComparer.Ordinal)))
            .Select(g =>
            {
                var oldest = g.Min(j => j.QueuedAt);
                var shown = g.Where(j => repositories[j.RunId] is { } repository && caller!.MayUse(repository))
                    .OrderBy(j => j.QueuedAt)
                    .Take(JobsShownPerGroup)
                    .Select(j => new QueuedJobView(j.RunId, repositories[j.RunId]!, j.Key, j.DisplayName, j.QueuedAt))
                    .ToList();
                return new QueueGroupView(g.First().Labels, g.Count(), oldest, Math.Max(0, (now - oldest).TotalSeconds), shown);
            })
            .OrderByDescending(g => g.LongestWaitSeconds)
            .ToList();
        await Results.Json(new QueueView(groups, queued.Count == MaxQueueRead), ProtocolJson.Default.QueueView).ExecuteAsync(context);
    }
}
