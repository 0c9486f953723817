using Sluice.Delivery.Dora;

namespace Sluice.Delivery.Tests.Dora;

/// <summary>Deployment records for the examples: times are hours after <see cref="Start"/>, a Monday at midnight UTC.</summary>
internal static class Deployments
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double hours) => Start.AddHours(hours);

    /// <summary>Committed, deployed and healthy: a change that went well.</summary>
    public static DeploymentFact Healthy(long id, double committed, double healthy, string environment = "production") =>
        new(id, environment, "success", At(committed), At(healthy), At(healthy), null, At(committed), null);

    /// <summary>Deployed, then its health gate breached.</summary>
    public static DeploymentFact Breached(long id, double deployed, double failed, string environment = "production") =>
        new(id, environment, "failure", At(deployed), At(deployed), null, At(failed), At(deployed - 1), null);

    /// <summary>Its deploy job failed: nothing reached the environment.</summary>
    public static DeploymentFact JobFailed(long id, double failed, string environment = "production") =>
        new(id, environment, "failure", At(failed - 0.5), null, null, At(failed), At(failed - 1), null);

    /// <summary>A rollback of <paramref name="of"/>, healthy at <paramref name="healthy"/>.</summary>
    public static DeploymentFact Rollback(long id, long of, double healthy, string environment = "production") =>
        new(id, environment, "success", At(healthy - 0.1), At(healthy), At(healthy), null, At(0), of);
}
