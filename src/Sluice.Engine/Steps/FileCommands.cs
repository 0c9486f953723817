using System.Text;

namespace Sluice.Engine.Steps;

/// <summary>
/// Reads the files a step writes to talk back: GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE hold
/// <c>name=value</c> lines and <c>name&lt;&lt;DELIMITER</c> heredocs; GITHUB_PATH holds one path per line;
/// GITHUB_STEP_SUMMARY is Markdown. A missing file reads as empty. CRLF and LF line ends are both accepted.
/// </summary>
public static class FileCommands
{
    /// <summary>GitHub refuses step summaries over 1 MiB.</summary>
    public const int SummaryLimitBytes = 1024 * 1024;

    public static IReadOnlyList<KeyValuePair<string, string>> ReadKeyValues(string path)
    {
        var lines = ReadLines(path);
        var pairs = new List<KeyValuePair<string, string>>();
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                if (delimiter.Length == 0)
                {
                    throw new FileCommandException($"{path}, line {index + 1}: '{line}' starts a multi-line value without a delimiter after '<<'.");
                }

                var end = FindDelimiter(lines, index + 1, delimiter)
                    ?? throw new FileCommandException(
                        $"{path}, line {index + 1}: the multi-line value of '{name}' never ends: no line equal to its delimiter '{delimiter}' follows.");
                pairs.Add(new(name, string.Join('\n', lines.Skip(index + 1).Take(end - index - 1))));
                index = end;
            }
            else if (equals > 0)
            {
                pairs.Add(new(line[..equals], line[(equals + 1)..]));
            }
            else
            {
                throw new FileCommandException($"{path}, line {index + 1}: '{line}' is neither 'name=value' nor 'name<<DELIMITER'.");
            }
        }

        return pairs;
    }

    public static IReadOnlyList<string> ReadPaths(string path) =>
        [.. ReadLines(path).Select(line => line.Trim()).Where(line => line.Length > 0)];

    public static string ReadSummary(string path)
    {
        // One stat: most steps write nothing here.
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return "";
        }

        var size = file.Length;
        if (size > SummaryLimitBytes)
        {
            throw new FileCommandException(
                $"{path}: the step summary is {size / 1024} KiB; summaries are limited to {SummaryLimitBytes / 1024} KiB, so it was not kept.");
        }

        return File.ReadAllText(path, Encoding.UTF8);
    }

    private static int? FindDelimiter(List<string> lines, int from, string delimiter)
    {
        for (var index = from; index < lines.Count; index++)
        {
            if (lines[index] == delimiter)
            {
                return index;
            }
        }

        return null;
    }

    private static List<string> ReadLines(string path)
    {
        // One stat: most steps write nothing here.
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return [];
        }

        var text = File.ReadAllText(path, Encoding.UTF8);
        var lines = text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
