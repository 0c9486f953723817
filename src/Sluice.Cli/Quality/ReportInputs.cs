using Microsoft.Extensions.FileSystemGlobbing;

namespace Sluice.Cli.Quality;

/// <summary>Turns the FILE|GLOB arguments of the quality commands into report files (<c>**/TestResults/*.trx</c>, <c>coverage.xml</c>).</summary>
internal static class ReportInputs
{
    private static readonly char[] GlobCharacters = ['*', '?', '['];

    public static IReadOnlyList<string> Expand(IReadOnlyList<string> patterns, string workingDirectory)
    {
        var files = new List<string>();
        foreach (var pattern in patterns)
        {
            var matches = Match(pattern, workingDirectory);
            if (matches.Count == 0)
            {
                throw new UsageException(pattern.IndexOfAny(GlobCharacters) >= 0
                    ? $"no file matches '{pattern}' (relative to {workingDirectory})"
                    : $"the report '{pattern}' does not exist");
            }

            files.AddRange(matches.Where(m => !files.Contains(m, StringComparer.Ordinal)));
        }

        return files;
    }

    private static List<string> Match(string pattern, string workingDirectory)
    {
        if (pattern.IndexOfAny(GlobCharacters) < 0)
        {
            return File.Exists(Path.Combine(workingDirectory, pattern)) ? [pattern] : [];
        }

        // The glob's fixed leading folders become the root to search from: /tmp/out/**/*.xml searches /tmp/out.
        var normalized = pattern.Replace('\\', '/');
        var segments = normalized.Split('/');
        var fixedCount = segments.TakeWhile(s => s.IndexOfAny(GlobCharacters) < 0).Count();
        var prefix = string.Join('/', segments.Take(fixedCount));
        var root = Path.GetFullPath(Path.Combine(workingDirectory, prefix.Length == 0 && normalized.StartsWith('/') ? "/" : prefix));
        if (!Directory.Exists(root))
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments.Skip(fixedCount)));
        return [.. matcher.GetResultsInFullPath(root)
            .Order(StringComparer.Ordinal)
            .Select(full => Path.IsPathRooted(pattern) ? full : Path.GetRelativePath(workingDirectory, full))];
    }
}
