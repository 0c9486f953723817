using System.Globalization;
using System.Xml;

namespace Sluice.Quality.Reports.Coverage;

/// <summary>Typed attribute reads for the coverage XML readers; a bad value is an error naming the file and line.</summary>
internal static class XmlAttributes
{
    public static string Required(XmlReader reader, string fileName, string name) =>
        reader.GetAttribute(name) is { Length: > 0 } value
            ? value
            : throw XmlReports.Error(reader, fileName, $"<{reader.LocalName}> has no {name} attribute");

    public static int Int(XmlReader reader, string fileName, string name)
    {
        var text = Required(reader, fileName, name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw XmlReports.Error(reader, fileName, $"<{reader.LocalName}> {name}=\"{Shorten(text)}\" is not a whole number");
    }

    public static int IntOrZero(XmlReader reader, string fileName, string name) =>
        reader.GetAttribute(name) is null ? 0 : Int(reader, fileName, name);

    /// <summary>A hit count: a whole number (some writers add ".0"), clamped at zero and at <see cref="long.MaxValue"/>.</summary>
    public static long Count(XmlReader reader, string fileName, string name)
    {
        var text = Required(reader, fileName, name);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            return Math.Max(count, 0);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return real <= 0 ? 0 : real >= long.MaxValue ? long.MaxValue : (long)real;
        }

        throw XmlReports.Error(reader, fileName, $"<{reader.LocalName}> {name}=\"{Shorten(text)}\" is not a count");
    }

    public static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
