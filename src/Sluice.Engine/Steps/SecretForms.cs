using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Engine.Steps;

/// <summary>The strings a secret may appear as in a log: as written, per line, base64, URL-encoded, JSON-escaped.</summary>
internal static class SecretForms
{
    public const int MinimumDerivedLength = 4;

    public static IEnumerable<string> Of(string secret)
    {
        yield return secret;
        if (secret.Length < 2)
        {
            yield break;
        }

        if (secret.Contains('\n', StringComparison.Ordinal) || secret.Contains('\r', StringComparison.Ordinal))
        {
            foreach (var line in secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                // Indentation is often lost when a line is echoed on its own, so the trimmed line counts too.
                foreach (var form in new[] { line, line.Trim() })
                {
                    if (form.Length >= 2)
                    {
                        yield return form;
                    }
                }
            }
        }

        string[] derived =
        [
            Uri.EscapeDataString(secret),
            JsonEncodedText.Encode(secret).ToString(),
            JsonEncodedText.Encode(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
            // The secret encoded on its own, padding and all (echo -n "$SECRET" | base64), then inside longer data.
            Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
            .. Base64Forms(Encoding.UTF8.GetBytes(secret)),
        ];
        foreach (var form in derived)
        {
            if (form.Length >= MinimumDerivedLength)
            {
                yield return form;
            }
        }
    }

    /// <summary>
    /// The base64 characters that depend only on the secret, for each of the three positions its first byte
    /// can take in a 3-byte group: characters mixing bits of neighbouring bytes are trimmed from both ends.
    /// </summary>
    public static IEnumerable<string> Base64Forms(byte[] bytes)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + bytes.Length];
            bytes.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded).TrimEnd('=');
            var leading = offset switch { 0 => 0, 1 => 2, _ => 3 };
            var trailing = padded.Length % 3 == 0 ? 0 : 1;
            if (encoded.Length - leading - trailing > 0)
            {
                yield return encoded[leading..^trailing];
            }
        }
    }
}
