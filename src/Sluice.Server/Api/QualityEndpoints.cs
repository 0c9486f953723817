using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Quality.Reports;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// Quality as people read it (the dashboard, scripts): the gate reports and tests of a run, a test's history, the
/// quarantine and benchmark trends of a repository. Reading takes what reading the run or repository takes (a token,
/// a session, or nobody under --public-read); quarantining takes a trigger token, and is audited.
/// </summary>
public static partial class QualityEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        app.MapGet("/api/v1/runs/{id:long}/quality", context => RunQuality(context, server));
        app.MapGet("/api/v1/runs/{id:long}/tests", context => RunTests(context, server));
        app.MapGet("/api/v1/repos/{name}/tests/history", context => TestHistory(context, server));
        app.MapGet("/api/v1/repos/{name}/quarantine", context => Quarantine(context, server));
        app.MapPut("/api/v1/repos/{name}/quarantine", context => QuarantineTest(context, server));
        app.MapDelete("/api/v1/repos/{name}/quarantine", context => ReleaseTest(context, server));
        app.MapGet("/api/v1/repos/{name}/benchmarks", context => Benchmarks(context, server));
    }

    private static async Task RunQuality(HttpContext context, ServerState server)
    {
        var (run, _, problem) = await ClientEndpoints.RunOf(context, server, TokenAction.ViewQualityHistory);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var reports = await LatestReportsAsync(server, run!.Id, context.RequestAborted);
        var views = reports.Select(r => GateReportViews.Of(r.Job, r.Row, r.Report)).ToList();
        await Results.Json(new RunQualityView(views), ProtocolJson.Default.RunQualityView).ExecuteAsync(context);
    }

    /// <summary>Each job's latest gate report with its document read.</summary>
    private static async Task<IReadOnlyList<(JobRow Job, GateReportRow Row, GateReportUpload Report)>> LatestReportsAsync(ServerState server, long runId, CancellationToken cancellationToken)
    {
        var jobs = await server.Store.JobsAsync(runId, cancellationToken);
        var rows = await server.Store.GateReportsAsync(runId, cancellationToken);
        return [.. GateReportViews.Latest(jobs, rows).Select(p => (p.Job, p.Row, GateReportViews.Document(p.Row)))];
    }

    private static Task<(RepositoryRecord? Repository, Access.Caller? Caller, IResult? Problem)> RepositoryOf(HttpContext context, ServerState server, TokenAction action) =>
        RouteRepository.OfAsync(context, server, action);

    /// <summary>The query's <paramref name="name"/> as a whole number from <paramref name="min"/> to <paramref name="max"/>, its default when absent; else the problem.</summary>
    internal static (int Value, IResult? Problem) Number(HttpContext context, string name, int fallback, int min, int max)
    {
        var given = context.Request.Query[name];
        if (given.Count == 0)
        {
            return (fallback, null);
        }

        return given.Count == 1 && int.TryParse(given[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (0, Problems.BadRequest($"'{name}' is a whole number from {min} to {max} (default {fallback})"));
    }

    /// <summary>The test id of the query (ids hold slashes, dots and spaces, so they travel there), or the problem.</summary>
    private static (string? Test, IResult? Problem) TestOf(HttpContext context)
    {
        var test = context.Request.Query["test"];
        return test.Count == 1 && test[0] is { Length: > 0 and <= HistoryEndpoints.MaxNameLength } id && !string.IsNullOrWhiteSpace(id)
            ? (id, null)
            : (null, Problems.BadRequest($"name one test: ?test=ID (1 to {HistoryEndpoints.MaxNameLength} characters, URL-encoded)"));
    }

    private static TestOutcome Outcome(string text) => Enum.Parse<TestOutcome>(text);
}
