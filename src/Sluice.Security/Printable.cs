using System.Text;

namespace Sluice.Security;

/// <summary>
/// Hostile text quoted in an error message: control and format characters escaped so that a name cannot forge log
/// lines or terminal output, and cut short so that a megabyte name does not become a megabyte message.
/// </summary>
internal static class Printable
{
    public const int MaxLength = 100;

    public static string Of(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            // Format characters include the bidirectional overrides that can make a name read backwards.
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
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
