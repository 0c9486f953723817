using System.Globalization;

namespace Sluice.Quality.Reports;

/// <summary>Parsing of the loosely written values test reports carry: times, line numbers, qualified names.</summary>
internal static class TestReportValues
{
    /// <summary>
    /// Seconds from a time attribute: "1.5", "1,234.5" (thousands separators, as some JUnit writers print), missing
    /// or unreadable → 0. Negative and non-finite values are 0 too: a duration cannot be either.
    /// </summary>
    internal static double Seconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var cleaned = text.Contains(',') ? text.Replace(",", "", StringComparison.Ordinal) : text;
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0
            ? seconds
            : 0;
    }

    /// <summary>Seconds from a TimeSpan text such as "00:00:01.2340000" (TRX); missing or unreadable → 0.</summary>
    internal static double TimeSpanSeconds(string? text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span.TotalSeconds : 0;

    /// <summary>A positive line number, or null.</summary>
    internal static int? Line(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var line) && line > 0 ? line : null;

    internal static string? Message(string? text) =>
        string.IsNullOrEmpty(text) ? null : XmlReports.Truncate(text, TestCaseResult.MaxMessageLength);

    /// <summary>
    /// Splits "Ns.Class.Method(arg: 1.5)" into "Ns.Class" and "Method(arg: 1.5)": the last dot before any argument list.
    /// A name without a dot has no class part.
    /// </summary>
    internal static (string ClassName, string Name) SplitQualified(string qualified)
    {
        var arguments = qualified.IndexOf('(');
        var searchEnd = arguments >= 0 ? arguments : qualified.Length;
        var dot = searchEnd == 0 ? -1 : qualified.LastIndexOf('.', searchEnd - 1);
        return dot <= 0 ? ("", qualified) : (qualified[..dot], qualified[(dot + 1)..]);
    }

    /// <summary>"Ns.Class.Method" without its "Ns.Class." prefix, when it has it.</summary>
    internal static string WithoutClassPrefix(string name, string className) =>
        className.Length > 0 && name.Length > className.Length + 1 && name.StartsWith(className, StringComparison.Ordinal) && name[className.Length] == '.'
            ? name[(className.Length + 1)..]
            : name;

    /// <summary>The file name of a path written on any OS ("C:\x\Tests.dll" or "/x/Tests.dll").</summary>
    internal static string FileNameOf(string path)
    {
        var cut = path.LastIndexOfAny(['/', '\\']);
        return cut >= 0 ? path[(cut + 1)..] : path;
    }
}
