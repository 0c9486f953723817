using System.Text.Json;

namespace Sluice.Triggers.Payloads;

internal static class WebhookJson
{
    /// <summary>Real payloads nest about ten deep; a body that nests deeper than this is refused before it costs anything.</summary>
    public const int MaxDepth = 64;

    /// <summary>Strict JSON: no comments, no trailing commas, and no field twice (two 'ref' fields could be read differently by two readers).</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
    };
}
