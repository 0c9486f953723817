using System.Net;
using Sluice.Containers.Json;

namespace Sluice.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>Creates a bridge network (with DNS among its containers) and returns its id.</summary>
    public async Task<string> CreateNetworkAsync(string name, IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
    {
        RequireName(name, nameof(name));
        var body = new CreateNetworkBody { Name = name, Labels = labels?.ToDictionary(StringComparer.Ordinal) };
        var created = await http.SendForJsonAsync(HttpMethod.Post, EngineHttp.Versioned("networks/create"), EngineJson.Default.IdBody,
            $"creating network {name}", cancellationToken, EngineHttp.Json(body, EngineJson.Default.CreateNetworkBody)).ConfigureAwait(false);
        return created.Id ?? throw new ContainerEngineException($"creating network {name}: the engine answered without an id.", Endpoint.ToString());
    }

    /// <summary>
    /// Whether containers on <paramref name="network"/> reach each other by name and alias. Asks podman about the
    /// network (one request; its backend too when the answer is no); Docker is not asked, its networks always have DNS.
    /// </summary>
    /// <exception cref="ContainerEngineException">No such network (<see cref="ContainerEngineException.IsNotFound"/>).</exception>
    public async Task<NetworkDns> NetworkDnsAsync(string network, CancellationToken cancellationToken = default)
    {
        RequireName(network, nameof(network));
        var engine = await InfoAsync(cancellationToken).ConfigureAwait(false);
        if (!engine.IsPodman)
        {
            return new NetworkDns(network, engine, network is not ("bridge" or "host" or "none"), null);
        }

        var podmanNetwork = await http.SendForJsonAsync(HttpMethod.Get, $"/v4.0.0/libpod/networks/{EngineHttp.Segment(network)}/json",
            EngineJson.Default.PodmanNetworkBody, $"inspecting network {network}", cancellationToken).ConfigureAwait(false);
        if (podmanNetwork.DnsEnabled)
        {
            return new NetworkDns(network, engine, true, null);
        }

        var podman = await http.SendForJsonAsync(HttpMethod.Get, "/v4.0.0/libpod/info", EngineJson.Default.PodmanInfoBody,
            "asking podman for its network backend", cancellationToken).ConfigureAwait(false);
        return new NetworkDns(network, engine, false, podman.Host?.NetworkBackend);
    }

    /// <summary>Removes a network; one that does not exist counts as removed.</summary>
    public Task RemoveNetworkAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        RequireName(idOrName, nameof(idOrName));
        return http.SendAsync(HttpMethod.Delete, EngineHttp.Versioned($"networks/{EngineHttp.Segment(idOrName)}"),
            $"removing network {idOrName}", cancellationToken, alsoFine: HttpStatusCode.NotFound);
    }

    /// <summary>The networks with the label <paramref name="labelFilter"/> ("key" or "key=value"), or all when null.</summary>
    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(string? labelFilter = null, CancellationToken cancellationToken = default)
    {
        var networks = await http.SendForJsonAsync(HttpMethod.Get, EngineHttp.Versioned("networks" + LabelQuery(labelFilter, "?")),
            EngineJson.Default.ListNetworkSummaryBody, "listing networks", cancellationToken).ConfigureAwait(false);
        return [.. networks.Select(n => new NetworkSummary(n.Id ?? "", n.Name ?? "", ReadOnly(n.Labels)))];
    }
}
