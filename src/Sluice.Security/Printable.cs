using System.Text;

namespace Sluice.Security;

/// <summary>
/// Hostile text quoted in an error message: control and format characters and broken Unicode escaped so that a name
/// cannot forge log lines or terminal output, and cut short so that a megabyte name does not become a megabyte message.
/// </summary>
public static class Printable
{
    public const int MaxLength = 100;

    public static string Of(string text)
    {
        var builder = new StringBuilder();
        var shown = text.Length > MaxLength ? text[..MaxLength] : text;
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            if (char.IsSurrogatePair(shown, i))
            {
                builder.Append(c).Append(shown[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                // Format characters include the bidirectional overrides that can make a name read backwards; a lone
                // surrogate would become a replacement character wherever the message is written.
                builder.Append($"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > MaxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
