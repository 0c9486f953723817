using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Quality.History;
using Sluice.Quality.Reports;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// The quality history of a repository, as a job's <c>sluice gate</c>, <c>flaky</c> and <c>split</c> read and write it
/// (SLUICE_HISTORY_URL): gate runs with their test outcomes, coverage and benchmark means, and the quarantine list.
/// Every route takes the attempt's lease token and reaches only the history of the repository of the job's run, so a
/// job can neither read nor write another repository's, and nothing once its attempt no longer holds the lease.
/// </summary>
public static partial class HistoryEndpoints
{
    /// <summary>The most runs, tests or benchmark points one request reads.</summary>
    public const int MaxRunsPerQuery = 1000;

    public const int MaxTestsPerQuery = 200_000;

    /// <summary>The longest test id, benchmark name or branch kept (test ids are class and name; data-driven names run long).</summary>
    public const int MaxNameLength = 4096;

    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        var history = "/api/v1/jobs/{job:long}/attempts/{attempt:int}/history";
        app.MapGet(history + "/runs", context => ListRuns(context, server));
        app.MapPost(history + "/runs", context => Record(context, server));
        app.MapPost(history + "/results", context => ReadResults(context, server));
        app.MapGet(history + "/benchmarks", context => Benchmarks(context, server));
        app.MapGet(history + "/durations", context => Durations(context, server));
        app.MapGet(history + "/quarantine", context => Quarantine(context, server));
        app.MapPut(history + "/quarantine", context => QuarantineTest(context, server));
        app.MapDelete(history + "/quarantine", context => Release(context, server));
        app.MapPost(history + "/report", context => SaveReport(context, server));
    }

    private static async Task ListRuns(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var branch = context.Request.Query["branch"].FirstOrDefault();
        var tree = context.Request.Query["tree"].FirstOrDefault();
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 0, MaxRunsPerQuery) : 30;
        var runs = await server.Store.QualityRunsAsync(run.RepositoryId, branch, tree, limit, context.RequestAborted);
        await Results.Json<IReadOnlyList<HistoryRunView>>([.. runs.Select(View)], ProtocolJson.Default.IReadOnlyListHistoryRunView).ExecuteAsync(context);
    }

    private static async Task Record(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var (upload, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.HistoryRunUpload);
        if ((problem ?? (HistoryUploads.Problem(upload!) is { } bad ? Problems.BadRequest(bad) : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        RunSummary recorded;
        try
        {
            var (job, attempt) = JobAttempt(context);
            recorded = await server.Store.RecordQualityRunAsync(run.RepositoryId, HistoryUploads.ToRun(upload!, new QualityRunOrigin(run.Id, job, attempt)), server.Time.GetUtcNow(), context.RequestAborted);
        }
        catch (StoreException ex) when (!ex.Unavailable)
        {
            await Problems.BadRequest(ex.Message).ExecuteAsync(context);
            return;
        }

        await Results.Json(View(recorded), ProtocolJson.Default.HistoryRunView, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task ReadResults(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var (query, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.HistoryResultsQuery);
        var tooMany = query is null ? null
            : query.Runs.Count > MaxRunsPerQuery ? $"ask for at most {MaxRunsPerQuery} runs at once"
            : query.Tests is { Count: > MaxTestsPerQuery } ? $"ask for at most {MaxTestsPerQuery} tests at once"
            : query.Tests?.Any(t => t is null) == true ? "a test id is null"
            : null;
        if ((problem ?? (tooMany is null ? null : Problems.BadRequest(tooMany))) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var rows = await server.Store.QualityResultsAsync(run.RepositoryId, new QualityResultQuery(query!.Runs, query.Tests, query.FailingOnly), context.RequestAborted);
        await Results.Json<IReadOnlyList<HistoryResult>>(
            [.. rows.Select(r => new HistoryResult(r.RunId, r.TestId, r.Outcome.ToString(), r.DurationSeconds, r.Attempts))],
            ProtocolJson.Default.IReadOnlyListHistoryResult).ExecuteAsync(context);
    }

    private static async Task Benchmarks(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var name = context.Request.Query["name"].FirstOrDefault();
        var branch = context.Request.Query["branch"].FirstOrDefault();
        if (name is not { Length: > 0 } || branch is not { Length: > 0 })
        {
            await Problems.BadRequest("name the benchmark and the branch: ?name=NAME&branch=BRANCH").ExecuteAsync(context);
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 0, MaxRunsPerQuery) : 64;
        var points = await server.Store.QualityBenchmarkSeriesAsync(run.RepositoryId, name, branch, limit, context.RequestAborted);
        await Results.Json<IReadOnlyList<HistoryBenchmarkPoint>>(
            [.. points.Select(p => new HistoryBenchmarkPoint(p.RunId, p.Branch, p.MeanNs, p.StdDevNs, p.Samples))],
            ProtocolJson.Default.IReadOnlyListHistoryBenchmarkPoint).ExecuteAsync(context);
    }

    private static async Task Durations(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var durations = await server.Store.QualityDurationsAsync(run.RepositoryId, context.Request.Query["branch"].FirstOrDefault(), context.RequestAborted);
        await Results.Json<IReadOnlyList<HistoryDuration>>(
            [.. durations.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new HistoryDuration(d.Key, d.Value))],
            ProtocolJson.Default.IReadOnlyListHistoryDuration).ExecuteAsync(context);
    }

    private static async Task Quarantine(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var entries = await server.Store.QuarantineAsync(run.RepositoryId, context.RequestAborted);
        await Results.Json<IReadOnlyList<HistoryQuarantineEntry>>([.. entries.Select(View)], ProtocolJson.Default.IReadOnlyListHistoryQuarantineEntry).ExecuteAsync(context);
    }

    private static async Task QuarantineTest(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var test = context.Request.Query["test"].FirstOrDefault() ?? "";
        var (request, problem) = await Problems.ReadAsync(context, ProtocolJson.Default.HistoryQuarantineRequest);
        var bad = request is null ? null
            : test.Length > MaxNameLength || string.IsNullOrWhiteSpace(test) ? $"a test id of 1 to {MaxNameLength} characters"
            : request.Reason.Length > MaxNameLength || request.AddedBy.Length > 200 ? $"a reason of at most {MaxNameLength} characters and a name of at most 200"
            : null;
        if ((problem ?? (bad is null ? null : Problems.BadRequest("quarantining takes " + bad))) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var entry = new QuarantineEntry(test, request!.Reason, request.AddedBy, server.Time.GetUtcNow());
        await server.Store.QuarantineTestAsync(run.RepositoryId, entry, context.RequestAborted);
        await server.Store.AuditAsync($"job {run.Repository} run {run.Id}", Access.Caller.SourceOf(context), "quality.quarantine", $"{run.Repository} {test}", request.Reason, entry.AddedAt, context.RequestAborted);
        await Results.Json(View(entry), ProtocolJson.Default.HistoryQuarantineEntry).ExecuteAsync(context);
    }

    private static async Task Release(HttpContext context, ServerState server)
    {
        if (await AttemptAccess.RunAsync(context, server) is not { } run)
        {
            return;
        }

        var test = context.Request.Query["test"].FirstOrDefault() ?? "";
        if (!await server.Store.ReleaseTestAsync(run.RepositoryId, test, context.RequestAborted))
        {
            await Problems.NotFound($"'{test}' is not in the quarantine of {run.Repository}").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync($"job {run.Repository} run {run.Id}", Access.Caller.SourceOf(context), "quality.release", $"{run.Repository} {test}", null, server.Time.GetUtcNow(), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static HistoryRunView View(RunSummary run) => new(
        run.Id,
        run.CommitSha,
        run.TreeHash,
        run.Branch,
        run.BaseBranch,
        run.RecordedAt,
        run.Coverage is { } c ? new HistoryCoverage(c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid) : null);

    private static HistoryQuarantineEntry View(QuarantineEntry entry) => new(entry.TestId, entry.Reason, entry.AddedBy, entry.AddedAt);
}
