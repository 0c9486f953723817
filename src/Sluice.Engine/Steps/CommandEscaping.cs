using System.Text;

namespace Sluice.Engine.Steps;

/// <summary>
/// GitHub's escaping in workflow commands: data escapes %, CR and LF as %25, %0D, %0A; property values also
/// escape : and , as %3A and %2C. Decoding is one pass, so <c>%250A</c> stays the literal text <c>%0A</c>.
/// </summary>
internal static class CommandEscaping
{
    public static string UnescapeData(string text) => Unescape(text, properties: false);

    public static string UnescapeProperty(string text) => Unescape(text, properties: true);

    private static string Unescape(string text, bool properties)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Decode(text.AsSpan(i + 1, 2), properties) is { } decoded)
            {
                result.Append(decoded);
                i += 2;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private static char? Decode(ReadOnlySpan<char> code, bool properties) => code switch
    {
        "25" => '%',
        "0D" or "0d" => '\r',
        "0A" or "0a" => '\n',
        "3A" or "3a" when properties => ':',
        "2C" or "2c" when properties => ',',
        _ => null,
    };
}
