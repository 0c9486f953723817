using System.Net;

namespace Sluice.Triggers.Webhooks;

/// <summary>
/// GitHub's default content type, and one Gitea offers, is <c>application/x-www-form-urlencoded</c> with the JSON in a
/// <c>payload</c> field. Users who keep that default should not have to change it.
/// </summary>
internal static class FormBody
{
    private static readonly byte[] PayloadKey = "payload="u8.ToArray();

    public static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>The decoded <c>payload</c> field, or null when the form has none.</summary>
    public static ReadOnlyMemory<byte>? Payload(ReadOnlySpan<byte> body)
    {
        var rest = body;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'&');
            var field = end < 0 ? rest : rest[..end];
            if (field.StartsWith(PayloadKey))
            {
                var encoded = field[PayloadKey.Length..].ToArray();
                return WebUtility.UrlDecodeToBytes(encoded, 0, encoded.Length) ?? [];
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return null;
    }
}
