using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Sluice.Containers.Json;

/// <summary>
/// One line of <c>POST /build</c>'s progress stream: build output (<c>stream</c>), a pull's <c>status</c> while the
/// base image is fetched, the built image's id (<c>aux.ID</c>), or the <c>error</c> that ended the build.
/// </summary>
internal sealed class BuildMessageBody
{
    public string? Stream { get; init; }
    public string? Status { get; init; }
    public string? Error { get; init; }
    public ErrorBody? ErrorDetail { get; init; }
    public BuildAuxBody? Aux { get; init; }
}

internal sealed class BuildAuxBody
{
    public string? ID { get; init; }
}

/// <summary>The source-generated serializer for the build stream, kept apart from <see cref="EngineJson"/> so that building is one additive piece.</summary>
[ExcludeFromCodeCoverage]
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, AllowTrailingCommas = true)]
[JsonSerializable(typeof(BuildMessageBody))]
internal sealed partial class BuildJson : JsonSerializerContext;
