using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>
/// The server's round over deployments with something due: a waiting one whose wait timer ended (and that needs no more
/// approval) goes on; a verifying one whose next health sample is due is sampled (<see cref="HealthWatch"/>). Every
/// change is conditional on the status it saw, so replicas running the round together change each deployment once.
/// </summary>
public sealed class DeploymentClock(ServerState server, HealthWatch health)
{
    public const int RoundLimit = 100;

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = server.Time.GetUtcNow();
        foreach (var deployment in await server.Store.DueDeploymentsAsync(now, RoundLimit, cancellationToken).ConfigureAwait(false))
        {
            if (deployment.Status == DeploymentStatuses.Waiting)
            {
                var released = await server.Store.ChangeDeploymentAsync(deployment.Id, new DeploymentChange([DeploymentStatuses.Waiting], DeploymentStatuses.Queued), now, cancellationToken).ConfigureAwait(false);
                if (released is not null)
                {
                    await server.Coordinator.ReleaseDeploymentAsync(released, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await health.SampleAsync(deployment, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
