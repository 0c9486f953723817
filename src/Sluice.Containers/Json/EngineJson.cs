using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Sluice.Containers.Json;

/// <summary>
/// The source-generated (reflection-free, Native AOT safe) serializer for every body this client sends or reads.
/// The Docker API spells its names in PascalCase like C#, except for a few lower-case ones (a pull's <c>status</c>,
/// an error's <c>message</c>) and the odd <c>ID</c>: names are matched without regard to case.
/// Its generated code is left out of coverage: it is the generator's, and most of its paths are for shapes the
/// engine never sends.
/// </summary>
[ExcludeFromCodeCoverage]
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(VersionBody))]
[JsonSerializable(typeof(IdBody))]
[JsonSerializable(typeof(CreateContainerBody))]
[JsonSerializable(typeof(CreateNetworkBody))]
[JsonSerializable(typeof(CreateExecBody))]
[JsonSerializable(typeof(StartExecBody))]
[JsonSerializable(typeof(ExecInspectBody))]
[JsonSerializable(typeof(ContainerInspectBody))]
[JsonSerializable(typeof(List<ContainerSummaryBody>))]
[JsonSerializable(typeof(List<NetworkSummaryBody>))]
[JsonSerializable(typeof(PodmanNetworkBody))]
[JsonSerializable(typeof(PodmanInfoBody))]
[JsonSerializable(typeof(PullMessageBody))]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(WaitBody))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class EngineJson : JsonSerializerContext;
