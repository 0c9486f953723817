using System.Text.Json.Serialization;

namespace Sluice.Server;

/// <summary>The server's own stored JSON shapes (job outputs and steps), generated at build time.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<Sluice.Protocol.StepSummary>))]
internal sealed partial class ServerJson : JsonSerializerContext;
