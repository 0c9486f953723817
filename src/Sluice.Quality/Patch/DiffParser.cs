using System.Globalization;

namespace Sluice.Quality.Patch;

/// <summary>Reads the added lines out of a unified diff (as <c>git diff -U0</c> prints it).</summary>
public static class DiffParser
{
    /// <summary>Added line numbers (in the new file) per repository path; deleted files are left out.</summary>
    public static IReadOnlyDictionary<string, SortedSet<int>> AddedLines(TextReader diff)
    {
        var added = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        SortedSet<int>? current = null;
        var next = 0;
        while (diff.ReadLine() is { } line)
        {
            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var path = UnquotePath(line[4..]);
                current = path is null ? null : (added.TryGetValue(path, out var set) ? set : added[path] = []);
            }
            else if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                next = NewStart(line);
            }
            else if (current is not null && line.StartsWith('+'))
            {
                current.Add(next++);
            }
            else if (line.StartsWith(' '))
            {
                next++;
            }
        }

        return added;
    }

    /// <summary>The path after <c>+++ </c>: <c>b/src/x.cs</c> (or quoted with escapes); null for <c>/dev/null</c>.</summary>
    private static string? UnquotePath(string text)
    {
        text = text.TrimEnd('\t');
        if (text == "/dev/null")
        {
            return null;
        }

        if (text.StartsWith('"') && text.EndsWith('"') && text.Length >= 2)
        {
            text = System.Text.RegularExpressions.Regex.Unescape(text[1..^1]);
        }

        return text.StartsWith("b/", StringComparison.Ordinal) ? text[2..] : text;
    }

    /// <summary>The start line of the new side in <c>@@ -a,b +c,d @@</c>.</summary>
    private static int NewStart(string header)
    {
        var plus = header.IndexOf(" +", StringComparison.Ordinal);
        if (plus < 0)
        {
            return 0;
        }

        var start = plus + 2;
        var end = start;
        while (end < header.Length && char.IsAsciiDigit(header[end]))
        {
            end++;
        }

        return int.TryParse(header.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
