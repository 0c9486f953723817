using Sluice.Engine.Execution;
using Sluice.Engine.Scheduling;
using Sluice.Protocol;
using Sluice.Server.Deployments;
using Sluice.Server.Storage;

namespace Sluice.Server.Runs;

/// <summary>
/// Legs with an <c>environment</c>: each is a deployment. As it starts, its deployment begins (<see cref="DeploymentOpener"/>):
/// a ref the environment refuses fails the leg without running; one waiting for reviewers or a wait timer is queued
/// held (a <c>pending</c> job that says why) until the verifier or a review releases it. As it ends, its deployment
/// records how; a successful deploy with a health gate holds the leg's end back until the gate's window is over: the
/// <c>verified</c> run event gives its conclusion (a breach fails the leg, and the run).
/// </summary>
public sealed partial class RunCoordinator
{
    /// <summary>Begins the deployments of the legs that start; returns those that fail without running (refused by the environment's rules).</summary>
    private async Task<List<(NewJob Job, string Conclusion, string Outputs)>> OpenDeploymentsAsync(RunState state, List<NewJob> queue, List<(LegId Leg, int Index)> deploying, CancellationToken cancellationToken)
    {
        var refused = new List<(NewJob, string, string)>();
        var drop = new HashSet<int>();
        foreach (var (leg, index) in deploying)
        {
            var record = state.Snapshot!.Leg(leg);
            var deployment = await deployments.OpenAsync(state.Run!, record.Key, record.Environment!, cancellationToken).ConfigureAwait(false);
            switch (deployment.Status)
            {
                case DeploymentStatuses.Waiting:
                    queue[index] = queue[index] with { Hold = DeploymentOpener.HoldOf(deployment) };
                    break;
                case DeploymentStatuses.Failure when deployment.StartedAt is null && deployment.DeployedAt is null:
                    drop.Add(index);
                    refused.Add((Unrun(state, record.Key, leg.Job, record.DisplayName, Conclusion.Failure, deployment.Detail), "failure", "{}"));
                    break;
            }
        }

        for (var i = queue.Count - 1; i >= 0; i--)
        {
            if (drop.Contains(i))
            {
                queue.RemoveAt(i);
            }
        }

        return refused;
    }

    /// <summary>
    /// The leg's deploy job ended: its deployment records how. True when the leg's end waits for the health gate (its
    /// deployment is verifying, or was: the <c>verified</c> event that follows ends it).
    /// </summary>
    private async Task<bool> DeployEndedAsync(RunState state, string key, string? conclusion, CancellationToken cancellationToken)
    {
        var deployment = await store.DeploymentOfLegAsync(state.RunId, key, cancellationToken).ConfigureAwait(false);
        if (deployment is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        string[] active = [DeploymentStatuses.Queued, DeploymentStatuses.InProgress, DeploymentStatuses.Waiting];
        if (conclusion == "success" && deployment.Status is DeploymentStatuses.Queued or DeploymentStatuses.InProgress)
        {
            if (HealthGates.StartWindow(deployment, now) is { } window)
            {
                deployment = await store.ChangeDeploymentAsync(
                    deployment.Id,
                    new DeploymentChange(active, DeploymentStatuses.Verifying)
                    {
                        DeployedAt = now,
                        StartedAt = deployment.StartedAt ?? now,
                        HealthStartedAt = window.StartedAt,
                        HealthUntil = window.Until,
                        NextSampleAt = window.NextSampleAt,
                        HealthFailures = 0,
                        HealthInconclusive = 0,
                        Detail = $"Verifying its health until {window.Until.UtcDateTime:HH:mm:ss} UTC.",
                    },
                    now,
                    cancellationToken).ConfigureAwait(false) ?? deployment;
            }
            else
            {
                var healthy = await store.ChangeDeploymentAsync(deployment.Id, new DeploymentChange(active, DeploymentStatuses.Success) { DeployedAt = now, HealthyAt = now, StartedAt = deployment.StartedAt ?? now }, now, cancellationToken).ConfigureAwait(false);
                if (healthy is not null)
                {
                    await DeploymentOutcomes.HealthyAsync(store, healthy, now, cancellationToken).ConfigureAwait(false);
                }

                return false;
            }
        }
        else if (deployment.Status is DeploymentStatuses.Queued or DeploymentStatuses.InProgress or DeploymentStatuses.Waiting)
        {
            var change = conclusion == "failure"
                ? new DeploymentChange(active, DeploymentStatuses.Failure) { FailedAt = deployment.StartedAt is null ? null : now, Detail = deployment.Detail ?? "The deploy job failed." }
                : new DeploymentChange(active, DeploymentStatuses.Inactive) { Detail = $"The deploy job ended {conclusion ?? "without a conclusion"}." };
            await store.ChangeDeploymentAsync(deployment.Id, change, now, cancellationToken).ConfigureAwait(false);
            return false;
        }

        return deployment.HealthStartedAt is not null;
    }

    /// <summary>The deployment may go on (approved, its wait timer over): its held job is queued for the agents.</summary>
    public async Task ReleaseDeploymentAsync(DeploymentRow deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (await store.ReleaseHeldJobAsync(deployment.RunId, deployment.JobKey, cancellationToken).ConfigureAwait(false))
        {
            jobs.Pulse();
        }
    }

    /// <summary>The deployment was rejected: its held job fails without running, and its run goes on from there.</summary>
    public async Task RefuseDeploymentAsync(DeploymentRow deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var row = (await store.JobsAsync(deployment.RunId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Key == deployment.JobKey);
        if (row is null)
        {
            return;
        }

        var payload = LegPayload.Problem(row.PayloadJson) is null ? WithProblem(row.PayloadJson, deployment.Detail ?? "Rejected.") : row.PayloadJson;
        var job = new NewJob(row.RunId, row.Key, row.JobName, row.DisplayName, row.Labels, payload, "failure", false);
        if (await store.EndLegWithoutRunningAsync(job, "failure", "{}", time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            await AdvanceAsync(deployment.RunId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string WithProblem(string payloadJson, string problem)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(payloadJson)!.AsObject();
        node["problem"] = problem;
        return node.ToJsonString();
    }

    /// <summary>
    /// A rollback re-runs the healthy run's jobs that deployed to the failed deployment's environment and those that
    /// need them, except jobs that deployed to another environment (rolling staging back must not deploy production
    /// again, past its reviewers); every other job that succeeded there keeps its result and outputs.
    /// </summary>
    private async Task ReuseAllButRedeployAsync(RunState state, long failedDeployment, long healthyRun, IReadOnlyList<Sluice.Engine.Planning.PlannedJob> plan, CancellationToken cancellationToken)
    {
        var failed = await store.DeploymentAsync(failedDeployment, cancellationToken).ConfigureAwait(false);
        var rows = await store.JobsAsync(healthyRun, cancellationToken).ConfigureAwait(false);
        var again = new HashSet<string>(StringComparer.Ordinal);
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (failed is not null && await store.DeploymentOfLegAsync(healthyRun, row.Key, cancellationToken).ConfigureAwait(false) is { } deployed)
            {
                (string.Equals(deployed.Environment, failed.Environment, StringComparison.OrdinalIgnoreCase) ? again : elsewhere).Add(row.JobName);
            }
        }

        // What needs a job that runs again runs again too (a smoke test after the deploy), but not a deploy to another
        // environment, which was not rolled back and keeps what it deployed.
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var job in plan.Where(j => !again.Contains(j.Id) && !elsewhere.Contains(j.Id) && j.Needs.Any(again.Contains)))
            {
                grew |= again.Add(job.Id);
            }
        }

        foreach (var row in rows.Where(r => r.Conclusion == "success" && !again.Contains(r.JobName)))
        {
            state.Reused[row.Key] = row.OutputsJson ?? "{}";
        }
    }
}
