using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Engine.Execution.Artifacts;

/// <summary>
/// One line of a multi-line <c>path</c> input in the <c>@actions/glob</c> dialect: <c>*</c>, <c>**</c>, <c>?</c>,
/// <c>[abc]</c>, a leading <c>!</c> to exclude, <c>~</c> for the home folder. A pattern that matches a folder also
/// matches everything below it.
/// </summary>
internal sealed class PathPattern
{
    private static readonly char[] Wildcards = ['*', '?', '['];

    private readonly Regex _regex;

    private PathPattern(bool isExclude, string searchPath, bool hasWildcard, Regex regex)
    {
        IsExclude = isExclude;
        SearchPath = searchPath;
        HasWildcard = hasWildcard;
        _regex = regex;
    }

    public bool IsExclude { get; }

    /// <summary>The absolute folder or file before the first wildcard segment: where a search starts.</summary>
    public string SearchPath { get; }

    public bool HasWildcard { get; }

    /// <summary>The patterns of a multi-line input; blank lines and <c>#</c> comments are skipped.</summary>
    public static List<PathPattern> ParseLines(string input, string workspace, string home) =>
        [.. input.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Parse(line, workspace, home))];

    public static PathPattern Parse(string line, string workspace, string home)
    {
        var isExclude = line.StartsWith('!');
        var text = ExpandHome(isExclude ? line[1..].Trim() : line, home);
        var absolute = Path.GetFullPath(Path.Combine(workspace, text)).Replace('\\', '/');
        if (absolute.Length > 1)
        {
            absolute = absolute.TrimEnd('/');
        }

        var segments = absolute.Split('/');
        var firstWildcard = Array.FindIndex(segments, s => s.IndexOfAny(Wildcards) >= 0);
        var literalCount = firstWildcard < 0 ? segments.Length : firstWildcard;
        var searchPath = string.Join('/', segments[..literalCount]);
        if (searchPath.Length == 0)
        {
            searchPath = "/";
        }

        return new PathPattern(isExclude, searchPath, firstWildcard >= 0, new Regex(ToRegex(segments), RegexOptions.CultureInvariant));
    }

    /// <summary>True when <paramref name="absolutePath"/> (with <c>/</c> separators) is the pattern's match or below one.</summary>
    public bool Matches(string absolutePath) => _regex.IsMatch(absolutePath.Replace('\\', '/'));

    /// <summary>A pattern for a single name (an artifact name for <c>download-artifact</c>'s <c>pattern</c>).</summary>
    public static bool MatchesName(string pattern, string name) =>
        Regex.IsMatch(name, "^" + SegmentToRegex(pattern) + "$", RegexOptions.CultureInvariant);

    private static string ExpandHome(string path, string home) =>
        path == "~" ? home
        : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..])
        : path;

    private static string ToRegex(string[] segments)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "**")
            {
                // Any number of folders, including none.
                regex.Append(last ? "(?:/.*)?" : "(?:/[^/]+)*");
                continue;
            }

            if (i > 0)
            {
                regex.Append('/');
            }

            regex.Append(SegmentToRegex(segment));
        }

        regex.Append("(?:/.*)?$");
        return regex.ToString();
    }

    private static string SegmentToRegex(string segment)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            var close = c == '[' ? segment.IndexOf(']', i + 1) : -1;
            if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else if (close > i + 1)
            {
                var set = segment[(i + 1)..close];
                var negated = set.StartsWith('!');
                regex.Append('[').Append(negated ? "^" : "").Append(Regex.Escape(negated ? set[1..] : set).Replace("\\-", "-")).Append(']');
                i = close;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.ToString();
    }
}
