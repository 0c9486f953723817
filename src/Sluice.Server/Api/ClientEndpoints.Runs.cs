using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;

namespace Sluice.Server.Api;

public static partial class ClientEndpoints
{
    /// <summary>A page of log lines unless <c>limit</c> says otherwise (what clients before it got).</summary>
    private const int DefaultLogPage = 5000;

    /// <summary>The most a page holds: a 100,000-line log in five requests.</summary>
    internal const int MaxLogPage = 20_000;

    private static async Task ListRuns(HttpContext context, ServerState server)
    {
        var repository = context.Request.Query["repo"].FirstOrDefault();
        var (caller, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewRuns, repository);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var (query, invalid) = RunListQuery.Parse(context.Request.Query, caller!.Grant.Repositories);
        if (invalid is not null)
        {
            await Problems.BadRequest(invalid).ExecuteAsync(context);
            return;
        }

        var runs = await server.Store.RunsAsync(query!, context.RequestAborted);
        if (runs.Count == query!.Limit)
        {
            context.Response.Headers.Link = $"<{RunListQuery.NextPage(context.Request, runs[^1].Id)}>; rel=\"next\"";
        }

        await Results.Json<IReadOnlyList<RunView>>(runs.Select(Views.Summary).ToList(), ProtocolJson.Default.IReadOnlyListRunView).ExecuteAsync(context);
    }

    private static async Task GetRun(HttpContext context, ServerState server)
    {
        var (run, _, problem) = await RunOf(context, server, TokenAction.ViewRuns);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        await Results.Json(await Views.OfAsync(server, run!, context.RequestAborted), ProtocolJson.Default.RunView).ExecuteAsync(context);
    }

    /// <summary>
    /// The run's log lines after <c>after</c>, at most <c>limit</c>; with <c>wait=N</c>, held open up to N seconds until
    /// there are some or the run ends; with <c>through</c>, only lines up to that id (a part of the log, read beside
    /// others). With <c>format=text</c> and a job, that job's whole log as a file to download; with
    /// <c>format=compact</c>, the page in the dashboard's compact form (<see cref="CompactLogPage"/>).
    /// </summary>
    private static async Task GetLogs(HttpContext context, ServerState server)
    {
        var (run, problem) = await RunWithLogsAsync(context, server);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var job = context.Request.Query["job"].FirstOrDefault();
        var format = context.Request.Query["format"].FirstOrDefault();
        if (format is { Length: > 0 } and not "compact")
        {
            await (format == "text" ? LogDownload.WriteAsync(context, server, run!, job) : Problems.BadRequest("'format' must be 'text' (a job's log as a file) or 'compact' (the dashboard's page), or left out for JSON").ExecuteAsync(context));
            return;
        }

        var after = long.TryParse(context.Request.Query["after"], out var a) ? Math.Max(0, a) : 0;
        var through = long.TryParse(context.Request.Query["through"], out var t) ? t : long.MaxValue;
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, MaxLogPage) : DefaultLogPage;
        var wait = TimeSpan.FromSeconds(int.TryParse(context.Request.Query["wait"], out var w) ? Math.Clamp(w, 0, 30) : 0);
        var deadline = server.Time.GetUtcNow() + wait;
        while (true)
        {
            var signal = LogChange(server);
            var current = await server.Store.RunAsync(run!.Id, context.RequestAborted);
            var lines = through == long.MaxValue
                ? await server.Store.LogsAsync(run.Id, after, job, limit, context.RequestAborted)
                : await server.Store.LogsAsync(run.Id, after, through, job, limit, context.RequestAborted);
            var next = lines.Count > 0 ? lines[^1].Id : after;
            var last = format == "compact" || through != long.MaxValue ? Math.Max(next, await server.Store.LastLogIdAsync(run.Id, job, context.RequestAborted)) : next;
            // A part of the log (through) ends the log only when nothing is stored beyond it.
            var done = current!.Status == Storage.RunStatuses.Completed && lines.Count < limit && through >= last;
            var left = deadline - server.Time.GetUtcNow();
            if (lines.Count > 0 || done || left <= TimeSpan.Zero || after >= through)
            {
                if (format == "compact")
                {
                    await CompactLogPage.WriteAsync(context, lines, next, done, last);
                    return;
                }

                var page = new LogPage(lines.Select(LogLine).ToList(), next, done);
                await Results.Json(page, ProtocolJson.Default.LogPage).ExecuteAsync(context);
                return;
            }

            try
            {
                await signal.WaitAsync(left, server.Time, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                // One more look, then the (empty) page.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Completes at the next change that may bring log lines or end the run: lines stored, or the run's state changed.</summary>
    internal static Task LogChange(ServerState server) => Task.WhenAny(server.LogSignal.Next, server.RunSignal.Next);

    internal static LogLineView LogLine(Storage.LogRow l) => new(l.Id, l.JobKey, l.Attempt, l.Kind, l.Step, l.Text, l.Level, l.At, l.File, l.Line);

    /// <summary>
    /// A new attempt of a finished run: the same commit, workflow and contexts, with <c>github.run_attempt</c> one more.
    /// With <c>failedOnly</c>, legs that succeeded keep their result and outputs and only the rest run again.
    /// </summary>
    private static async Task Rerun(HttpContext context, ServerState server)
    {
        var (run, caller, problem) = await RunOf(context, server, TokenAction.RerunRun);
        var (request, bad) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.RerunRequest) : (null, problem);
        if (bad is not null)
        {
            await bad.ExecuteAsync(context);
            return;
        }

        if (run!.Status != Storage.RunStatuses.Completed)
        {
            await Problems.Conflict($"run {run.Id} has not ended; cancel it first or wait for it").ExecuteAsync(context);
            return;
        }

        var again = await server.Store.CreateRunAsync(
            new Storage.NewRun(run.RepositoryId, run.WorkflowName, run.WorkflowFile, run.WorkflowText, run.Event, run.Ref, run.Sha, run.ContextJson, caller!.Name, run.SecretsAllowed, RerunOf: run.Id, FailedOnly: request!.FailedOnly),
            server.Time.GetUtcNow(),
            context.RequestAborted);
        if (request.FailedOnly)
        {
            // The jobs that keep their results keep their artifacts too, for the jobs that run again.
            await server.Artifacts.CopyAsync(run.Id, again.Id, context.RequestAborted);
        }

        await server.Store.AuditAsync(caller.Name, caller.Source, "run.rerun", $"run {run.Id}", $"as run {again.Id}{(request.FailedOnly ? " (failed jobs)" : "")}", server.Time.GetUtcNow(), context.RequestAborted);
        await server.Coordinator.AdvanceAsync(again.Id, CancellationToken.None);
        var view = await Views.OfAsync(server, (await server.Store.RunAsync(again.Id, context.RequestAborted))!, context.RequestAborted);
        await Results.Json(view, ProtocolJson.Default.RunView, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
    }

    private static async Task Cancel(HttpContext context, ServerState server)
    {
        var (run, caller, problem) = await RunOf(context, server, TokenAction.CancelRun);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var cancelled = await server.Store.CancelRunAsync(run!.Id, context.RequestAborted);
        if (cancelled)
        {
            await server.Store.AuditAsync(caller!.Name, caller.Source, "run.cancel", $"run {run.Id}", null, server.Time.GetUtcNow(), context.RequestAborted);
            await server.Coordinator.AdvanceAsync(run.Id, CancellationToken.None);
            server.RunSignal.Pulse();
        }

        var view = await Views.OfAsync(server, (await server.Store.RunAsync(run.Id, context.RequestAborted))!, context.RequestAborted);
        await Results.Json(view, ProtocolJson.Default.RunView, statusCode: cancelled ? StatusCodes.Status202Accepted : StatusCodes.Status200OK).ExecuteAsync(context);
    }

    /// <summary>The run of the route, when the caller may do <paramref name="action"/> on its repository; a run it may not see is reported as absent.</summary>
    internal static async Task<(Storage.RunRecord? Run, Access.Caller? Caller, IResult? Problem)> RunOf(HttpContext context, ServerState server, TokenAction action)
    {
        var id = long.Parse((string)context.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture);
        var (caller, problem) = await server.Auth.CallerAsync(context);
        if (caller is null)
        {
            return (null, null, problem);
        }

        if (caller.IsAnonymous && TokenPolicy.Problem(caller.Grant, action, null) is { } notToAnyone)
        {
            return (null, null, Authentication.Refuse(caller, notToAnyone));
        }

        var run = await server.Store.RunAsync(id, context.RequestAborted);
        if (run is null || !caller.MayUse(run.Repository))
        {
            return (null, null, Problems.NotFound($"no run {id}"));
        }

        return TokenPolicy.Problem(caller.Grant, action, run.Repository) is { } refused
            ? (null, null, Authentication.Refuse(caller, refused))
            : (run, caller, null);
    }
}
