namespace Sluice.Quality.Patch;

/// <summary>
/// Finds which report path stands for a repository path. Reports write absolute build paths
/// (<c>/home/runner/work/shop/shop/src/Cart.cs</c>), deterministic paths (<c>/_/src/Cart.cs</c>), Windows
/// paths, or paths relative to another root; the match is the report path that shares the longest run of
/// trailing path segments with the repository path.
/// </summary>
public sealed class CoveragePathMatcher
{
    private readonly Dictionary<string, List<(string Path, string[] Segments)>> _byFileName = new(StringComparer.Ordinal);

    public CoveragePathMatcher(IEnumerable<string> reportPaths, string? repositoryRoot = null)
    {
        var root = repositoryRoot is null ? null : Normalize(repositoryRoot).TrimEnd('/') + "/";
        foreach (var path in reportPaths)
        {
            var normalized = Normalize(path);
            if (root is not null && normalized.StartsWith(root, StringComparison.Ordinal))
            {
                normalized = normalized[root.Length..];
            }

            var deterministic = normalized.IndexOf("/_/", StringComparison.Ordinal);
            if (deterministic >= 0)
            {
                normalized = normalized[(deterministic + 3)..];
            }

            var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0)
            {
                continue;
            }

            if (!_byFileName.TryGetValue(segments[^1], out var list))
            {
                _byFileName[segments[^1]] = list = [];
            }

            list.Add((path, segments));
        }
    }

    /// <summary>The report path for <paramref name="repositoryPath"/> (relative, with '/'), or null when no report path ends with its file name.</summary>
    public string? Match(string repositoryPath)
    {
        var segments = Normalize(repositoryPath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !_byFileName.TryGetValue(segments[^1], out var candidates))
        {
            return null;
        }

        string? best = null;
        var bestLength = 0;
        var tie = false;
        foreach (var (path, candidate) in candidates)
        {
            var shared = 0;
            while (shared < segments.Length && shared < candidate.Length
                && string.Equals(segments[^(shared + 1)], candidate[^(shared + 1)], StringComparison.Ordinal))
            {
                shared++;
            }

            if (shared > bestLength)
            {
                (best, bestLength, tie) = (path, shared, false);
            }
            else if (shared == bestLength)
            {
                tie = true;
            }
        }

        // Two report files that match equally well (src/a/Util.cs and lib/a/Util.cs for a/Util.cs) cannot be told apart.
        return tie ? null : best;
    }

    private static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (normalized.Length >= 2 && normalized[1] == ':')
        {
            normalized = normalized[2..];
        }

        return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized[2..] : normalized;
    }
}
