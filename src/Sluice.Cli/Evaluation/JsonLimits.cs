using System.Text.Json;

namespace Sluice.Cli.Evaluation;

/// <summary>How JSON input is read: comments and trailing commas tolerated, as in hand-written context files.</summary>
internal static class JsonLimits
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 128,
    };
}
