namespace Sluice.Containers;

/// <summary>A container as <see cref="ContainerEngine.InspectAsync"/> found it.</summary>
/// <param name="Id">The full container id.</param>
/// <param name="Name">The name, without Docker's leading slash.</param>
/// <param name="Status">"created", "running", "exited", ...</param>
/// <param name="Running">Whether its main process runs.</param>
/// <param name="ExitCode">The main process's exit code once it ended (0 while it runs).</param>
/// <param name="Health">"starting", "healthy" or "unhealthy", or null when it has no health check.</param>
/// <param name="Ports">Published ports: "5432/tcp" → the host ports it is published on (empty when only exposed).</param>
/// <param name="NetworkIps">The container's IP address on each network it is attached to, by network name.</param>
/// <param name="Labels">Its labels.</param>
public sealed record ContainerState(
    string Id,
    string Name,
    string Status,
    bool Running,
    int ExitCode,
    string? Health,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Ports,
    IReadOnlyDictionary<string, string> NetworkIps,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The first host port that <paramref name="containerPort"/> ("5432" or "5432/tcp") is published on, or null.</summary>
    public int? HostPortFor(string containerPort) =>
        Ports.TryGetValue(PortMapping.NormalizePort(containerPort), out var hostPorts) && hostPorts.Count > 0 ? hostPorts[0] : null;
}
