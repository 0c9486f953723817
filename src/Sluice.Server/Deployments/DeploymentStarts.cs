using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>An agent took the deploy job: its deployment is in progress (from queued; later attempts change nothing).</summary>
public static class DeploymentStarts
{
    public static async Task MarkAsync(IServerStore store, long runId, string jobKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.DeploymentOfLegAsync(runId, jobKey, cancellationToken).ConfigureAwait(false) is { Status: DeploymentStatuses.Queued } deployment)
        {
            await store.ChangeDeploymentAsync(deployment.Id, new DeploymentChange([DeploymentStatuses.Queued], DeploymentStatuses.InProgress) { StartedAt = now }, now, cancellationToken).ConfigureAwait(false);
        }
    }
}
