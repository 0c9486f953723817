using Microsoft.AspNetCore.Http;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>What the dashboard's pages read besides runs and logs: filter menus, a job's steps, a run's annotations.</summary>
public static partial class ClientEndpoints
{
    /// <summary>How many values of each filter a repository's menus list.</summary>
    private const int FacetValues = 200;

    /// <summary>The most step and annotation entries read for one answer.</summary>
    private const int MaxMarks = 20_000;

    private static async Task Facets(HttpContext context, ServerState server)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var (_, problem) = await server.Auth.RequireAsync(context, TokenAction.ViewRuns, name);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var repository = await server.Store.RepositoryAsync(name, context.RequestAborted);
        if (repository is null)
        {
            await Problems.NotFound($"no repository named '{Security.Printable.Of(name)}' (sluice repo list)").ExecuteAsync(context);
            return;
        }

        var facets = await server.Store.RunFacetsAsync(repository.Id, FacetValues, context.RequestAborted);
        var branches = facets.Branches.Select(r => r.StartsWith("refs/heads/", StringComparison.Ordinal) ? r["refs/heads/".Length..] : r).Distinct(StringComparer.Ordinal).ToList();
        await Results.Json(new RunFacetsView(branches, facets.Workflows, facets.Events), ProtocolJson.Default.RunFacetsView).ExecuteAsync(context);
    }

    private static async Task Steps(HttpContext context, ServerState server)
    {
        var (run, problem) = await RunWithLogsAsync(context, server);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var key = (string)context.Request.RouteValues["job"]!;
        var job = (await server.Store.JobsAsync(run!.Id, context.RequestAborted)).FirstOrDefault(j => j.Key == key);
        if (job is null)
        {
            await Problems.NotFound($"run {run.Id} has no job '{Security.Printable.Of(key)}' (yet: a job is listed once it is queued)").ExecuteAsync(context);
            return;
        }

        var attempt = int.TryParse(context.Request.Query["attempt"], out var asked) && asked >= 1 ? asked : job.Attempt;
        var over = attempt < job.Attempt || job.Status == JobStatuses.Completed;
        var marks = await server.Store.LogMarksAsync(run.Id, job.Key, MaxMarks, context.RequestAborted);
        var view = new JobStepsView(job.Key, attempt, job.Status, JobSteps.Of(marks, attempt, over));
        await Results.Json(view, ProtocolJson.Default.JobStepsView).ExecuteAsync(context);
    }

    private static async Task Annotations(HttpContext context, ServerState server)
    {
        var (run, problem) = await RunWithLogsAsync(context, server);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        // Of each job's current attempt, as GitHub shows a run's annotations: those of attempts run again are history.
        var current = (await server.Store.JobsAsync(run!.Id, context.RequestAborted)).ToDictionary(j => j.Key, j => j.Attempt, StringComparer.Ordinal);
        var marks = await server.Store.LogMarksAsync(run.Id, null, MaxMarks, context.RequestAborted);
        var annotations = marks
            .Where(m => m.Kind == "annotation" && current.TryGetValue(m.JobKey, out var attempt) && m.Attempt == attempt)
            .Select(AnnotationPlace.Of)
            .ToList();
        await Results.Json<IReadOnlyList<AnnotationView>>(annotations, ProtocolJson.Default.IReadOnlyListAnnotationView).ExecuteAsync(context);
    }

    /// <summary>The run of the route when the caller may read its logs and they are kept; else the problem to answer (410 once retention removed them).</summary>
    private static async Task<(RunRecord? Run, IResult? Problem)> RunWithLogsAsync(HttpContext context, ServerState server)
    {
        var (run, _, problem) = await RunOf(context, server, TokenAction.ViewLogs);
        return problem is null && await server.Store.RunBlobsExpiredAtAsync(run!.Id, RunBlobKind.Logs, context.RequestAborted) is { } expired
            ? (null, Problems.Gone(ArtifactEndpoints.Expired("logs", run.Id, expired, "--retention-logs")))
            : (run, problem);
    }
}
