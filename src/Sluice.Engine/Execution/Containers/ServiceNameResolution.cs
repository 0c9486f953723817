using Sluice.Containers;

namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// Whether the engine's job networks resolve service names, asked of the first job network with services. A yes holds
/// for the rest of the run (the engine makes every job network alike), so later jobs cost nothing; a no is asked
/// again by the next job, whose message names its own network.
/// </summary>
internal sealed class ServiceNameResolution
{
    private volatile bool _resolves;

    /// <summary>Null when containers on <paramref name="network"/> reach each other by name, else the network's DNS as the engine reports it.</summary>
    public async Task<NetworkDns?> MissingAsync(ContainerEngine engine, string network, CancellationToken cancellationToken)
    {
        if (_resolves)
        {
            return null;
        }

        var dns = await engine.NetworkDnsAsync(network, cancellationToken).ConfigureAwait(false);
        if (!dns.Enabled)
        {
            return dns;
        }

        _resolves = true;
        return null;
    }

    /// <summary>
    /// What the user reads: which engine and network, what fails because of it, and what to install. Steps in a job
    /// container reach services by name, as GitHub documents; steps on this machine use the published ports, so only
    /// Docker actions are hit there.
    /// </summary>
    public static string Message(NetworkDns dns, EngineEndpoint endpoint, IEnumerable<string> services, bool containerJob)
    {
        var names = string.Join(", ", services.Select(s => $"'{s}'"));
        var what = containerJob
            ? $"so the job container cannot reach the services {names} by name (a step would fail with \"bad address\")"
            : $"so Docker actions cannot reach the services {names} by name (\"bad address\"; steps on this machine reach them on their published ports)";
        return $"{dns.Engine} at {endpoint} made the job's network {dns.Network} without DNS, {what}. {Remedy(dns)}";
    }

    private static string Remedy(NetworkDns dns) => dns.NetworkBackend switch
    {
        "cni" => "Podman resolves names on its CNI networks only with the dnsname plugin: install it (Debian, Ubuntu: "
            + "`apt-get install golang-github-containernetworking-plugin-dnsname`; Fedora: `dnf install podman-plugins`) and run again.",
        "netavark" => "Podman resolves names on its netavark networks only with aardvark-dns: install it "
            + "(`apt-get install aardvark-dns` or `dnf install aardvark-dns`) and run again.",
        _ => "Install the engine's DNS plugin (for podman: the dnsname CNI plugin, on Debian and Ubuntu "
            + "golang-github-containernetworking-plugin-dnsname, for CNI networks; aardvark-dns for netavark networks) and run again.",
    };
}
