using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// <c>GET /api/v1/repos/{name}/insights</c>: a repository's figures per UTC day over the last <c>days</c> days ending
/// today by the server's clock (runs, outcomes, durations, queue waits, flaky quality runs) and its slowest and most
/// failing tests, for whoever may read its runs; narrowed to a branch and a workflow as the list of runs is.
/// </summary>
public static class InsightsEndpoints
{
    public const int DefaultDays = 30;

    public const int MaxDays = 365;

    public static void Map(IEndpointRouteBuilder app, ServerState server) =>
        app.MapGet("/api/v1/repos/{name}/insights", context => Insights(context, server));

    private static async Task Insights(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewRuns, name);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var (days, branch, workflow, bad) = Parse(context.Request.Query);
        if (bad is not null)
        {
            await Problems.BadRequest(bad).ExecuteAsync(context);
            return;
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await Problems.NotFound($"no repository named '{Security.Printable.Of(name)}' (sluice repo list)").ExecuteAsync(context);
            return;
        }

        var today = DateOnly.FromDateTime(server.Time.GetUtcNow().UtcDateTime);
        var query = new InsightsQuery(today.AddDays(1 - days), today, branch, workflow);
        var insights = await server.Store.InsightsAsync(repository.Id, query, context.RequestAborted);
        await Results.Json(View(query, insights), ProtocolJson.Default.InsightsView).ExecuteAsync(context);
    }

    private static (int Days, string? Branch, string? Workflow, string? Problem) Parse(IQueryCollection query)
    {
        var days = DefaultDays;
        if (query["days"].FirstOrDefault() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays))
        {
            return (0, null, null, $"'days' must be a whole number of days from 1 to {MaxDays} (default {DefaultDays}), not '{Security.Printable.Of(text)}'");
        }

        var (branch, branchProblem) = RunListQuery.Filter(query, "branch");
        var (workflow, workflowProblem) = RunListQuery.Filter(query, "workflow");
        return (days, branch, workflow, branchProblem ?? workflowProblem);
    }

    private static InsightsView View(InsightsQuery query, RepositoryInsights insights) => new(
        query.From,
        query.To,
        [.. insights.Days.Select(d => new InsightsDayView(
            d.Day,
            d.Runs,
            d.Succeeded,
            d.Failed,
            d.Cancelled,
            d.SuccessRate,
            d.DurationP50Seconds,
            d.DurationP95Seconds,
            d.QueueWaitP50Seconds,
            d.QueueWaitP95Seconds,
            d.QualityRuns,
            d.FlakyRuns,
            d.FlakyRate))],
        [.. insights.SlowestTests.Select(t => new SlowTestView(t.Test, t.DurationSeconds, t.Runs))],
        [.. insights.MostFailingTests.Select(t => new FailingTestView(t.Test, t.Failures, t.Runs, t.FailureRate))]);
}
