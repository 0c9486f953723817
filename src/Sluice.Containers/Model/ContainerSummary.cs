namespace Sluice.Containers;

/// <summary>A container as <see cref="ContainerEngine.ListAsync"/> lists it.</summary>
/// <param name="Id">The full container id.</param>
/// <param name="Name">Its name, without Docker's leading slash ("" if it has none).</param>
/// <param name="Image">The image it was created from.</param>
/// <param name="State">"created", "running", "exited", ...</param>
/// <param name="Created">When it was created.</param>
/// <param name="Labels">Its labels.</param>
public sealed record ContainerSummary(string Id, string Name, string Image, string State, DateTimeOffset Created, IReadOnlyDictionary<string, string> Labels);

/// <summary>A network as <see cref="ContainerEngine.ListNetworksAsync"/> lists it.</summary>
/// <param name="Id">The network id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Labels">Its labels.</param>
public sealed record NetworkSummary(string Id, string Name, IReadOnlyDictionary<string, string> Labels);
