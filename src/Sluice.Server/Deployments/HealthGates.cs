using Sluice.Server.Storage;

namespace Sluice.Server.Deployments;

/// <summary>Where a repository declares its environments' health gates, read from its default branch when a deployment begins.</summary>
public static class HealthGates
{
    public const string File = ".sluice/environments.yml";

    /// <summary>True when the environments file declares a health gate for the environment; else false, with the file's problem when it has one.</summary>
    public static bool Declares(string text, string environment, out string? problem)
    {
        problem = null;
        return false;
    }

    /// <summary>The window of the deployment's health gate, starting now; null when it has none.</summary>
    public static HealthWindow? StartWindow(DeploymentRow deployment, DateTimeOffset now) => null;
}

/// <summary>A health gate's window: from when to when its conditions must hold, and when its first sample is due.</summary>
public sealed record HealthWindow(DateTimeOffset StartedAt, DateTimeOffset Until, DateTimeOffset NextSampleAt);
