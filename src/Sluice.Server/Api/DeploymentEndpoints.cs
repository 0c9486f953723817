using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Protocol;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// Deployments: a repository's, newest first, one by id, and the review of one that waits for its environment's
/// reviewers (approve or reject, with a comment), audited.
/// </summary>
public static partial class DeploymentEndpoints
{
    public const int MaxCommentLength = 2000;

    public static void Map(IEndpointRouteBuilder app, ServerState server)
    {
        app.MapGet("/api/v1/repos/{name}/deployments", context => List(context, server));
        app.MapGet("/api/v1/deployments/{id:long}", context => Get(context, server));
        app.MapPost("/api/v1/deployments/{id:long}/review", context => Review(context, server));
        app.MapPost("/api/v1/deployments/{id:long}/fail", context => Fail(context, server));
    }

    private static async Task List(HttpContext context, ServerState server)
    {
        var (repository, _, problem) = await RouteRepository.OfAsync(context, server, TokenAction.ViewRuns);
        var (limit, badLimit) = problem is null ? QualityEndpoints.Number(context, "limit", 50, 1, 500) : (0, null);
        var environment = context.Request.Query["env"].ToString();
        if ((problem ?? badLimit) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var rows = await server.Store.DeploymentsAsync(new DeploymentQuery(repository!.Id, environment.Length > 0 ? environment : null, null, limit), context.RequestAborted);
        var views = new List<DeploymentView>(rows.Count);
        foreach (var row in rows)
        {
            // Samples are read for the deployments whose gate is running; a finished one shows them when opened alone.
            var samples = row.Status == DeploymentStatuses.Verifying ? await server.Store.DeploymentSamplesAsync(row.Id, DeploymentViews.SamplesShown, context.RequestAborted) : [];
            views.Add(DeploymentViews.Of(row, samples));
        }

        await Results.Json<IReadOnlyList<DeploymentView>>(views, ProtocolJson.Default.IReadOnlyListDeploymentView).ExecuteAsync(context);
    }

    private static async Task Get(HttpContext context, ServerState server)
    {
        var (deployment, _, problem) = await DeploymentOf(context, server, TokenAction.ViewRuns);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var samples = await server.Store.DeploymentSamplesAsync(deployment!.Id, DeploymentViews.SamplesShown, context.RequestAborted);
        await Results.Json(DeploymentViews.Of(deployment, samples), ProtocolJson.Default.DeploymentView).ExecuteAsync(context);
    }

    private static async Task Review(HttpContext context, ServerState server)
    {
        var (deployment, caller, problem) = await DeploymentOf(context, server, TokenAction.ApproveRun);
        var (request, badBody) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.DeploymentReviewRequest) : (null, null);
        if ((problem ?? badBody ?? (request is { Comment.Length: > MaxCommentLength } ? Problems.BadRequest($"a comment is at most {MaxCommentLength} characters") : null)) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        if (deployment!.Status != DeploymentStatuses.Waiting || deployment.Reviewers.Count == 0 || deployment.Reviews.Any(r => r.Approved))
        {
            await Problems.Conflict($"deployment {deployment.Id} does not wait for a review: it is {deployment.Status.Replace('_', ' ')}").ExecuteAsync(context);
            return;
        }

        var reviewer = Deployments.Reviewers.Of(caller!.Owner, deployment.Reviewers);
        if (reviewer is null)
        {
            var who = caller.Owner is null ? "this token names no owner" : $"'{caller.Owner}' is not one of them";
            await Problems.Forbidden($"only {string.Join(", ", deployment.Reviewers)} may review deployments to '{deployment.Environment}': {who}").ExecuteAsync(context);
            return;
        }

        var rules = await server.Store.EnvironmentAsync(deployment.RepositoryId, deployment.Environment, context.RequestAborted);
        if (request!.Approve && rules is { PreventSelfReview: true } && StartedBy(deployment.TriggeredBy, reviewer, caller.Owner!))
        {
            await Problems.Forbidden($"the environment '{deployment.Environment}' does not let whoever started a run approve its deployment").ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        var outcome = await server.Store.ReviewDeploymentAsync(deployment.Id, new DeploymentReviewRow(reviewer, request.Approve, comment, now), now, context.RequestAborted);
        if (!outcome.Recorded || outcome.Deployment is not { } reviewed)
        {
            await Problems.Conflict($"deployment {deployment.Id} was reviewed meanwhile: it is {(outcome.Deployment?.Status ?? "gone").Replace('_', ' ')}").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller.Name, caller.Source, request.Approve ? "deployment.approve" : "deployment.reject", $"{reviewed.Repository}/{reviewed.Environment} deployment {reviewed.Id}", comment, now, context.RequestAborted);
        if (reviewed.Status == DeploymentStatuses.Queued)
        {
            await server.Coordinator.ReleaseDeploymentAsync(reviewed, context.RequestAborted);
        }
        else if (reviewed.Status == DeploymentStatuses.Failure)
        {
            await server.Coordinator.RefuseDeploymentAsync(reviewed, context.RequestAborted);
        }

        var samples = await server.Store.DeploymentSamplesAsync(reviewed.Id, DeploymentViews.SamplesShown, context.RequestAborted);
        await Results.Json(DeploymentViews.Of(reviewed, samples), ProtocolJson.Default.DeploymentView).ExecuteAsync(context);
    }

    /// <summary>
    /// A deployed change that turned out to need a fix (an incident its gate did not catch) is marked failed: DORA counts
    /// it in the change failure rate, and the environment is restored by its next healthy deployment.
    /// </summary>
    private static async Task Fail(HttpContext context, ServerState server)
    {
        var (deployment, caller, problem) = await DeploymentOf(context, server, TokenAction.TriggerRun);
        var (request, badBody) = problem is null ? await Problems.ReadAsync(context, ProtocolJson.Default.DeploymentFailureRequest) : (null, null);
        var badReason = request is { Reason: var reason } && (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxCommentLength)
            ? Problems.BadRequest($"say what went wrong: a reason of 1 to {MaxCommentLength} characters")
            : null;
        if ((problem ?? badBody ?? badReason) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var now = server.Time.GetUtcNow();
        var detail = $"Marked as needing a fix by {caller!.Name}: {request!.Reason.Trim()}";
        var failed = await server.Store.ChangeDeploymentAsync(deployment!.Id, new DeploymentChange([DeploymentStatuses.Success, DeploymentStatuses.Inactive], DeploymentStatuses.Failure) { FailedAt = now, Detail = detail }, now, context.RequestAborted);
        if (failed is null)
        {
            await Problems.Conflict($"deployment {deployment.Id} is {deployment.Status.Replace('_', ' ')}: only a deployment that succeeded can be marked as needing a fix").ExecuteAsync(context);
            return;
        }

        await server.Store.AuditAsync(caller.Name, caller.Source, "deployment.fail", $"{failed.Repository}/{failed.Environment} deployment {failed.Id}", request.Reason.Trim(), now, context.RequestAborted);
        var samples = await server.Store.DeploymentSamplesAsync(failed.Id, DeploymentViews.SamplesShown, context.RequestAborted);
        await Results.Json(DeploymentViews.Of(failed, samples), ProtocolJson.Default.DeploymentView).ExecuteAsync(context);
    }

    private static async Task<(DeploymentRow? Deployment, Caller? Caller, IResult? Problem)> DeploymentOf(HttpContext context, ServerState server, TokenAction action)
    {
        var id = long.Parse((string)context.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture);
        var (caller, problem) = await server.Auth.RequireAsync(context, action);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        // A deployment of a repository the caller may not use is answered as one that does not exist.
        var deployment = await server.Store.DeploymentAsync(id, context.RequestAborted);
        if (deployment is null || !caller!.MayUse(deployment.Repository))
        {
            return (null, null, Problems.NotFound($"no deployment {id} (sluice deployments REPO)"));
        }

        var (_, refused) = await server.Auth.RequireAsync(context, action, deployment.Repository);
        return refused is null ? (deployment, caller, null) : (null, null, refused);
    }

    /// <summary>Whether the run was started by the reviewer: by their name (a push), or by a token of theirs (<c>user:alice (sl_…)</c>).</summary>
    private static bool StartedBy(string triggeredBy, string reviewer, string owner) =>
        string.Equals(triggeredBy, reviewer, StringComparison.OrdinalIgnoreCase)
        || string.Equals(triggeredBy, owner, StringComparison.OrdinalIgnoreCase)
        || triggeredBy.StartsWith(owner + " (", StringComparison.OrdinalIgnoreCase)
        || (owner.StartsWith("user:", StringComparison.OrdinalIgnoreCase) && string.Equals(triggeredBy, owner["user:".Length..], StringComparison.OrdinalIgnoreCase));
}
