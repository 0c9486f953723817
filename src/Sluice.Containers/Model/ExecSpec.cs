namespace Sluice.Containers;

/// <summary>A command to run in a running container with <see cref="ContainerEngine.ExecAsync"/>.</summary>
/// <param name="ContainerId">The container's id or name.</param>
/// <param name="Command">The program and its arguments, run directly (no shell unless the command is one).</param>
/// <param name="Env">Environment variables added to the container's, or null.</param>
/// <param name="WorkingDir">The working directory, or null for the container's.</param>
/// <param name="User">The user ("name", "uid" or "uid:gid"), or null for the container's.</param>
public sealed record ExecSpec(
    string ContainerId,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string>? Env = null,
    string? WorkingDir = null,
    string? User = null)
{
    /// <summary>
    /// After cancellation, how long the process gets between SIGTERM and SIGKILL; null for
    /// <see cref="ContainerEngineOptions.ExecStopGracePeriod"/>.
    /// </summary>
    public TimeSpan? StopGracePeriod { get; init; }
}
