using System.Text.Json;
using Sluice.Delivery.Health;
using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>
/// Samples a verifying deployment's health gate and moves its window on: the sample is kept (for the dashboard and the
/// API); the window goes on, ends healthy (the leg succeeds, older deployments retire), or breaches (the leg fails, its
/// run with it, and the environment is rolled back). A replica first moves the deployment's next sample on, so that two
/// replicas never judge the same sample.
/// </summary>
public sealed class HealthWatch(ServerState server, Rollbacks rollbacks, HttpClient http) : IDisposable
{
    private readonly HealthSampler _sampler = new(http, server.Time);

    public HealthWatch(ServerState server, Rollbacks rollbacks)
        : this(server, rollbacks, new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan })
    {
    }

    public void Dispose() => http.Dispose();

    public async Task SampleAsync(DeploymentRow deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var now = server.Time.GetUtcNow();
        if (deployment is not { HealthStartedAt: { } started, HealthUntil: { } until, NextSampleAt: { } due })
        {
            return;
        }

        var gate = HealthGates.Of(deployment);
        if (gate is null)
        {
            // Its environments file no longer reads (it was kept when the deployment began, so this is a stored text
            // that a newer sluice reads differently): nothing can be judged, and the deployment stays as deployed.
            await EndAsync(deployment, new DeploymentChange([DeploymentStatuses.Verifying], DeploymentStatuses.Success) { HealthyAt = now, Detail = $"Its health gate in {HealthGates.File} could not be read again; not verified.", VerifiedConclusion = "success", ExpectedNextSampleAt = due }, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        var claimedUntil = now + gate.Interval + HealthSampler.MaxQueryTime;
        var claimed = await server.Store.ChangeDeploymentAsync(deployment.Id, new DeploymentChange([DeploymentStatuses.Verifying], DeploymentStatuses.Verifying) { NextSampleAt = claimedUntil, ExpectedNextSampleAt = due }, now, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return;
        }

        if (deployment.HealthFailures == 0 && deployment.HealthInconclusive == 0 && due == deployment.HealthStartedAt + gate.Interval)
        {
            await PostAsync(deployment, CodeHosts.CommitStatusStates.Pending, $"Verifying its health until {until.UtcDateTime:HH:mm} UTC", cancellationToken).ConfigureAwait(false);
        }

        var sample = await _sampler.SampleAsync(gate, cancellationToken).ConfigureAwait(false);
        var view = ViewOf(sample);
        await server.Store.AddDeploymentSampleAsync(new DeploymentSampleRow(deployment.Id, sample.At, view.Verdict, JsonSerializer.Serialize(view, ProtocolJson.Default.HealthSampleView)), cancellationToken).ConfigureAwait(false);
        var state = new VerificationState(started, until, due, deployment.HealthFailures, deployment.HealthInconclusive);
        now = server.Time.GetUtcNow();
        switch (HealthVerification.Apply(state, gate, sample))
        {
            case VerificationStep.Continue next:
                await server.Store.ChangeDeploymentAsync(
                    deployment.Id,
                    new DeploymentChange([DeploymentStatuses.Verifying], DeploymentStatuses.Verifying)
                    {
                        NextSampleAt = next.State.NextSampleAt,
                        HealthFailures = next.State.Failures,
                        HealthInconclusive = next.State.ConsecutiveInconclusive,
                        ExpectedNextSampleAt = claimedUntil,
                    },
                    now,
                    cancellationToken).ConfigureAwait(false);
                break;
            case VerificationStep.Healthy healthy:
                var ended = await EndAsync(
                    deployment,
                    new DeploymentChange([DeploymentStatuses.Verifying], DeploymentStatuses.Success)
                    {
                        HealthyAt = now,
                        HealthFailures = healthy.State.Failures,
                        HealthInconclusive = healthy.State.ConsecutiveInconclusive,
                        Detail = $"Healthy: its health gate held from {started.UtcDateTime:HH:mm:ss} to {until.UtcDateTime:HH:mm:ss} UTC.",
                        VerifiedConclusion = "success",
                        ExpectedNextSampleAt = claimedUntil,
                    },
                    now,
                    cancellationToken).ConfigureAwait(false);
                if (ended is not null)
                {
                    await DeploymentOutcomes.HealthyAsync(server.Store, ended, now, cancellationToken).ConfigureAwait(false);
                    await PostAsync(ended, CodeHosts.CommitStatusStates.Success, $"Healthy for {HealthDuration.Format(gate.Window)}", cancellationToken).ConfigureAwait(false);
                }

                break;
            case VerificationStep.Breached breached:
                var detail = $"Its health gate breached: {breached.Reason.TrimEnd('.')}.";
                var failed = await EndAsync(
                    deployment,
                    new DeploymentChange([DeploymentStatuses.Verifying], DeploymentStatuses.Failure)
                    {
                        FailedAt = now,
                        HealthFailures = breached.State.Failures,
                        HealthInconclusive = breached.State.ConsecutiveInconclusive,
                        Detail = detail,
                        VerifiedConclusion = "failure",
                        ExpectedNextSampleAt = claimedUntil,
                    },
                    now,
                    cancellationToken).ConfigureAwait(false);
                if (failed is not null)
                {
                    server.Metrics.DeploymentsBreached.Add(1);
                    await PostAsync(failed, CodeHosts.CommitStatusStates.Failure, "Health gate breached: " + breached.Reason, cancellationToken).ConfigureAwait(false);
                    var rollback = await rollbacks.StartAsync(failed, gate.RollbackWorkflow, cancellationToken).ConfigureAwait(false);
                    await server.Store.ChangeDeploymentAsync(failed.Id, new DeploymentChange([DeploymentStatuses.Failure], DeploymentStatuses.Failure) { Detail = detail + " " + rollback }, now, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Ends the window (with the leg's <c>verified</c> event) and lets the run go on from it.</summary>
    private async Task<DeploymentRow?> EndAsync(DeploymentRow deployment, DeploymentChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ended = await server.Store.ChangeDeploymentAsync(deployment.Id, change, now, cancellationToken).ConfigureAwait(false);
        if (ended is not null)
        {
            await server.Coordinator.AdvanceAsync(deployment.RunId, cancellationToken).ConfigureAwait(false);
            server.RunSignal.Pulse();
        }

        return ended;
    }

    /// <summary>The deployment's health as a commit status (<c>sluice/deploy/ENVIRONMENT</c>) when its repository posts statuses; never in the way of the deployment.</summary>
    private async Task PostAsync(DeploymentRow deployment, string state, string description, CancellationToken cancellationToken)
    {
        try
        {
            await server.CommitStatuses.EnqueueAsync(deployment.RepositoryId, deployment.Sha, "sluice/deploy/" + deployment.Environment, state, description, server.CommitStatuses.RunUrl(deployment.RunId), cancellationToken, deployment.Ref).ConfigureAwait(false);
        }
        catch (StoreException ex) when (!cancellationToken.IsCancellationRequested)
        {
            server.Events.Problem($"the status of deployment {deployment.Id} could not be queued for the code host: {ex.Message}");
        }
    }

    public static HealthSampleView ViewOf(HealthSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new HealthSampleView(
            sample.At,
            Name(sample.Verdict),
            [.. sample.Conditions.Select(c => new HealthConditionView(c.Name, c.Expression, Name(c.Outcome), c.Measured, c.Reason))]);
    }

    private static string Name(HealthVerdict verdict) => verdict.ToString().ToLowerInvariant();
}
