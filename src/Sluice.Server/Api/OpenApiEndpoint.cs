using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Server.Api;

/// <summary>
/// <c>GET /openapi/v1.json</c>: the API as an OpenAPI 3.1 document. The endpoints read and write their bodies by hand
/// with source-generated JSON, so no generator can see their shapes; the document is written as data (openapi.json,
/// embedded in this assembly), and a test holds it to the server's route table and to the wire records.
/// </summary>
public static class OpenApiEndpoint
{
    public const string Route = "/openapi/v1.json";

    private const string ResourceName = "Sluice.Server.Api.openapi.json";

    private static readonly Lazy<byte[]> Document = new(Load);

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Route, () => Results.Bytes(Document.Value, "application/json"));

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the OpenAPI document ({ResourceName}) is not embedded in {typeof(OpenApiEndpoint).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
