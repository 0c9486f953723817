namespace Sluice.Containers;

/// <summary>Whether containers on a network find each other by name and alias, as the engine that made it tells.</summary>
/// <param name="Network">The network asked about.</param>
/// <param name="Engine">The engine that made it.</param>
/// <param name="Enabled">
/// True when the network has DNS. Docker's embedded DNS serves every network it makes (not its default
/// <c>bridge</c>); podman's networks have it only when podman could set it up when it made them: on CNI networks
/// only with the dnsname plugin installed, otherwise podman makes the network without DNS and says nothing.
/// </param>
/// <param name="NetworkBackend">Podman's network backend ("cni" or "netavark") when the network has no DNS, else null.</param>
public sealed record NetworkDns(string Network, EngineInfo Engine, bool Enabled, string? NetworkBackend);
