using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>What follows when a deployment became healthy: the environment's older successful deployments become inactive, and a rollback's failed deployment is rolled back.</summary>
public static class DeploymentOutcomes
{
    public static async Task HealthyAsync(IServerStore store, DeploymentRow deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(deployment);
        await store.RetireDeploymentsAsync(deployment.RepositoryId, deployment.Environment, deployment.Id, cancellationToken).ConfigureAwait(false);
        if (deployment.RollbackOf is { } failed)
        {
            await store.ChangeDeploymentAsync(
                failed,
                new DeploymentChange([DeploymentStatuses.Failure], DeploymentStatuses.RolledBack) { Detail = $"Rolled back: deployment {deployment.Id} restored run {deployment.RunNumber}'s commit {Short(deployment.Sha)}." },
                now,
                cancellationToken).ConfigureAwait(false);
        }
    }

    public static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
