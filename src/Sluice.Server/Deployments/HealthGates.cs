using Sluice.Delivery.Health;
using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>
/// Where a repository declares its environments' health gates (<c>.sluice/environments.yml</c>, read from its default
/// branch when a deployment begins and kept with the deployment, so that a gate changes only through a reviewed merge),
/// and the gate of a deployment read back from what it kept.
/// </summary>
public static class HealthGates
{
    public const string File = ".sluice/environments.yml";

    /// <summary>True when the environments file declares a health gate for the environment; else false, with the file's problem when it has one.</summary>
    public static bool Declares(string text, string environment, out string? problem)
    {
        var read = EnvironmentsFileReader.Read(File, text);
        problem = read.Errors.Count > 0 ? string.Join("; ", read.Errors) : null;
        return read.File?.Find(environment) is not null;
    }

    /// <summary>The deployment's health gate, as its environments file declared it when it began; null when it has none.</summary>
    public static EnvironmentHealth? Of(DeploymentRow deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.HealthText is { } text ? EnvironmentsFileReader.Read(File, text).File?.Find(deployment.Environment) : null;
    }

    /// <summary>The window of the deployment's health gate, starting now; null when it has none.</summary>
    public static HealthWindow? StartWindow(DeploymentRow deployment, DateTimeOffset now)
    {
        if (Of(deployment) is not { } gate)
        {
            return null;
        }

        var state = HealthVerification.Start(gate, now);
        return new HealthWindow(state.StartedAt, state.Until, state.NextSampleAt);
    }
}

/// <summary>A health gate's window: from when to when its conditions must hold, and when its first sample is due.</summary>
public sealed record HealthWindow(DateTimeOffset StartedAt, DateTimeOffset Until, DateTimeOffset NextSampleAt);
