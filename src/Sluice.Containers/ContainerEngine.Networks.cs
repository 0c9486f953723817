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
