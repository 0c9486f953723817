namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// One spelling per source file, so that reports which name the same file differently still merge into it:
/// coverlet writes a test project's files relative to the deepest folder they share, which is
/// <c>/repo/src/Shop.Core/</c> for one test project and <c>/repo/src/</c> for another that also covers Shop.Api.
/// Works on the path text alone (a report may come from another machine, even another OS): '/' separators,
/// no <c>.</c> or <c>..</c> segments, no doubled or trailing separators, an upper-case drive letter.
/// </summary>
public static class CoveragePaths
{
    /// <summary>
    /// The file a report's <paramref name="fileName"/> stands for, given the report's source roots. With several
    /// roots the file belongs to the first under which it exists on this machine (Cobertura does not say which);
    /// when it exists under none, to the first root. A rooted filename, or a URL (source link), ignores the roots.
    /// </summary>
    public static string Resolve(string fileName, IReadOnlyList<string> sources, Func<string, bool> fileExists)
    {
        if (sources.Count == 0 || IsRooted(fileName))
        {
            return Normalize(fileName);
        }

        if (sources.Count > 1)
        {
            foreach (var source in sources)
            {
                var candidate = Normalize(Join(source, fileName));
                if (fileExists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Normalize(Join(sources[0], fileName));
    }

    /// <summary>The canonical spelling of <paramref name="path"/>; a URL is returned as it is.</summary>
    public static string Normalize(string path)
    {
        if (IsUrl(path))
        {
            return path;
        }

        var text = path.Replace('\\', '/');
        var prefix = "";
        if (HasDrive(text))
        {
            prefix = char.ToUpperInvariant(text[0]) + ":";
            text = text[2..];
        }

        if (text.StartsWith("//", StringComparison.Ordinal) && prefix.Length == 0)
        {
            prefix = "//";
        }
        else if (text.StartsWith('/'))
        {
            prefix += "/";
        }

        var rooted = prefix.EndsWith('/');
        var segments = new List<string>();
        foreach (var segment in text.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment != "..")
            {
                segments.Add(segment);
            }
            else if (segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (!rooted)
            {
                // Above a relative path's start: kept, since the folder it leaves is not known here.
                segments.Add(segment);
            }
        }

        var normalized = prefix + string.Join('/', segments);
        return normalized.Length == 0 ? path : normalized;
    }

    private static string Join(string source, string fileName) => source.TrimEnd('/', '\\') + "/" + fileName;

    private static bool IsRooted(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || HasDrive(path) || IsUrl(path);

    private static bool HasDrive(string path) => path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]);

    private static bool IsUrl(string path) => path.Contains("://", StringComparison.Ordinal);
}
