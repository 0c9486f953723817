using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;

namespace Sluice.Server.Api;

public static partial class ClientEndpoints
{
    /// <summary>What the run's steps wrote to <c>$GITHUB_STEP_SUMMARY</c>, by job, attempt and step; with <c>format=html</c>, rendered too.</summary>
    private static async Task GetSummaries(HttpContext context, ServerState server)
    {
        var (run, _, problem) = await RunOf(context, server, TokenAction.ViewRuns);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        // format=html adds each summary rendered for a page (SummaryMarkdown: raw HTML as text, safe links only).
        var html = context.Request.Query["format"] == "html";
        var rows = await server.Store.RunSummariesAsync(run!.Id, context.RequestAborted);
        await Results.Json<IReadOnlyList<StepSummaryView>>(
            [.. rows.Select(r => new StepSummaryView(r.JobKey, r.Attempt, r.Seq, r.Text, html ? SummaryMarkdown.ToHtml(r.Text) : null))],
            ProtocolJson.Default.IReadOnlyListStepSummaryView).ExecuteAsync(context);
    }
}
