namespace Sluice.Containers;

/// <summary>What answered a ping: the engine's name and version, e.g. "Podman Engine" 4.3.1 or "Docker Engine" 27.1.1.</summary>
/// <param name="Name">The engine's product name.</param>
/// <param name="Version">The engine's own version.</param>
/// <param name="ApiVersion">The Docker API version it serves at most, e.g. "1.41".</param>
/// <param name="Os">The engine's operating system, e.g. "linux".</param>
/// <param name="IsPodman">True for podman's compat API (its health checks need <see cref="ContainerEngine.WaitForHealthAsync"/> to run them).</param>
public sealed record EngineInfo(string Name, string Version, string ApiVersion, string Os, bool IsPodman)
{
    /// <summary>"Podman Engine 4.3.1".</summary>
    public override string ToString() => $"{Name} {Version}";
}
