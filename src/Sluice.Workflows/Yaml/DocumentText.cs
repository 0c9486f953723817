using System.Text;

namespace Sluice.Workflows.Yaml;

/// <summary>
/// Reads a document's text from disk the careful way: a missing or unreadable file, one over the size limit, a
/// binary file and invalid UTF-8 each become a diagnostic instead of an exception or a huge allocation.
/// </summary>
internal static class DocumentText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or null with the reason in <paramref name="diagnostics"/>.</summary>
    public static string? Read(string path, int maxCharacters, DiagnosticBag diagnostics)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                diagnostics.AddFileLevel("The file does not exist. Check the path.");
                return null;
            }

            // UTF-8 takes at most 4 bytes a character: a longer file is over the limit whatever it holds.
            if (info.Length > 4L * maxCharacters)
            {
                diagnostics.AddFileLevel(TooLarge(maxCharacters));
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.AddFileLevel($"The file cannot be read: {ex.Message}");
            return null;
        }

        return Decode(bytes, diagnostics);
    }

    public static string TooLarge(int maxCharacters) => $"The maximum file size of {maxCharacters} characters has been exceeded";

    private static string? Decode(byte[] bytes, DiagnosticBag diagnostics)
    {
        var probe = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (probe.Contains((byte)0))
        {
            diagnostics.AddFileLevel("The file looks binary (it holds NUL bytes), not a YAML document.");
            return null;
        }

        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Max(0, ex.Index);
            var line = 1 + bytes.AsSpan(0, Math.Min(offset + start, bytes.Length)).Count((byte)'\n');
            diagnostics.AddAt(line, 1, $"The file is not valid UTF-8 (bad byte at offset {offset}). Save it as UTF-8.");
            return null;
        }
    }
}
