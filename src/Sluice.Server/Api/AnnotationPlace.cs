using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Protocol;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// Where an annotation points (its file and line) and what it says. Agents send the file and line beside the text,
/// which keeps the readable form "file:line: message"; entries of agents that did not are read back from that form,
/// which names a file only when a line number follows it (a message such as "Error: no tests" names no file).
/// </summary>
public static partial class AnnotationPlace
{
    private const int MaxFile = 1024;

    /// <summary>The file as stored: none when it is empty, too long or holds control characters.</summary>
    public static string? File(string? file) =>
        file is { Length: > 0 and <= MaxFile } && !file.Any(char.IsControl) ? file : null;

    /// <summary>The line as stored: only with a file, and from 1.</summary>
    public static int? Line(string? file, int? line) => File(file) is not null && line is >= 1 ? line : null;

    public static AnnotationView Of(LogRow row)
    {
        var (file, line, message) = row.File is { } stored ? (stored, row.Line, Strip(row.Text, stored, row.Line)) : Parse(row.Text);
        return new AnnotationView(row.JobKey, row.Attempt, row.Level ?? "notice", message, file, line, row.Id);
    }

    private static string Strip(string text, string file, int? line)
    {
        var prefix = line is { } number ? $"{file}:{number.ToString(CultureInfo.InvariantCulture)}: " : $"{file}: ";
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;
    }

    private static (string? File, int? Line, string Message) Parse(string text) =>
        Placed().Match(text) is { Success: true } match && int.TryParse(match.Groups["line"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line >= 1
            ? (match.Groups["file"].Value, line, match.Groups["message"].Value)
            : (null, null, text);

    [GeneratedRegex(@"\A(?<file>[^\s:][^:\r\n]{0,1023}):(?<line>[0-9]{1,9}): (?<message>[\s\S]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Placed();
}
