using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sluice.Protocol;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>The gate report a job's <c>sluice gate</c> sends after judging, kept per attempt for the run's page.</summary>
public static partial class HistoryEndpoints
{
    /// <summary>The largest gate report taken (the CLI bounds what it sends well below this).</summary>
    public const long MaxReportBytes = 8L * 1024 * 1024;

    private static async Task SaveReport(HttpContext context, ServerState server)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxReportBytes;
        }

        if (context.Request.ContentLength > MaxReportBytes)
        {
            await TooLarge().ExecuteAsync(context);
            return;
        }

        var (jobId, attempt) = JobAttempt(context);
        if (await server.Store.JobAsync(jobId, context.RequestAborted) is null)
        {
            await Problems.NotFound($"no job {jobId}").ExecuteAsync(context);
            return;
        }

        if (await AttemptAccess.RunAsync(context, server) is null)
        {
            return;
        }

        var (upload, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.GateReportUpload);
        if ((problem ?? (GateReportChecks.Problem(upload!) is { } bad ? Problems.BadRequest(bad) : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        FenceResult kept;
        try
        {
            var document = JsonSerializer.Serialize(upload!, ProtocolJson.Default.GateReportUpload);
            kept = await server.Store.SaveGateReportAsync(jobId, attempt, LeaseTokens.Hash(Caller.Bearer(context)!), upload!.HistoryRun, document, now, context.RequestAborted);
        }
        catch (StoreException ex) when (!ex.Unavailable)
        {
            await Problems.BadRequest(ex.Message).ExecuteAsync(context);
            return;
        }

        if (kept != FenceResult.Accepted)
        {
            await Problems.Conflict("this attempt of the job is no longer the running one").ExecuteAsync(context);
            return;
        }

        var job = (await server.Store.JobAsync(jobId, context.RequestAborted))!;
        server.CommitStatuses.RunChanged(job.RunId);
        var row = (await server.Store.GateReportsAsync(job.RunId, context.RequestAborted)).Single(r => r.JobId == jobId && r.Attempt == attempt);
        var view = GateReportViews.Of(job, row, upload);
        await Results.Json(view, ProtocolJson.Default.GateReportView, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    /// <summary>The job id and attempt of a history route.</summary>
    private static (long Job, int Attempt) JobAttempt(HttpContext context) => (
        long.Parse((string)context.Request.RouteValues["job"]!, CultureInfo.InvariantCulture),
        int.Parse((string)context.Request.RouteValues["attempt"]!, CultureInfo.InvariantCulture));

    private static IResult TooLarge() =>
        Problems.TooLarge($"a gate report takes at most {MaxReportBytes / (1024 * 1024)} MiB; sluice gate bounds what it sends, so this did not come from it");
}
