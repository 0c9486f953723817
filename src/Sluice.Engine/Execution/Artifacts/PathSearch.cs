namespace Sluice.Engine.Execution.Artifacts;

/// <summary>The files a multi-line <c>path</c> input names, and the search paths they were found from.</summary>
internal sealed record PathSearch(IReadOnlyList<string> Files, IReadOnlyList<string> SearchPaths, IReadOnlyList<PathPattern> Includes)
{
    /// <summary>
    /// Every file matched by an include pattern and by no exclude pattern, in ordinal order. Unless
    /// <paramref name="includeHidden"/>, files with a path segment starting with <c>.</c> (below the workspace,
    /// or below the search path for files outside it) are left out, as <c>upload-artifact</c> does.
    /// </summary>
    public static PathSearch Run(string input, string workspace, string home, bool includeHidden)
    {
        var patterns = PathPattern.ParseLines(input, workspace, home);
        var includes = patterns.Where(p => !p.IsExclude).ToList();
        var excludes = patterns.Where(p => p.IsExclude).ToList();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var include in includes)
        {
            foreach (var file in Candidates(include.SearchPath))
            {
                if (include.Matches(file)
                    && !excludes.Any(e => e.Matches(file))
                    && (includeHidden || !IsHidden(file, workspace, include.SearchPath)))
                {
                    files.Add(file);
                }
            }
        }

        return new PathSearch([.. files], [.. includes.Select(i => i.SearchPath).Distinct(StringComparer.Ordinal)], includes);
    }

    private static IEnumerable<string> Candidates(string searchPath)
    {
        if (File.Exists(searchPath))
        {
            return [searchPath];
        }

        if (!Directory.Exists(searchPath))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(searchPath, "*", options).Select(f => f.Replace('\\', '/'));
    }

    private static bool IsHidden(string file, string workspace, string searchPath)
    {
        var underWorkspace = Path.GetRelativePath(workspace, file);
        var relative = underWorkspace.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(underWorkspace)
            ? Path.GetRelativePath(File.Exists(searchPath) ? Path.GetDirectoryName(searchPath)! : searchPath, file)
            : underWorkspace;
        return relative.Replace('\\', '/').Split('/').Any(s => s.StartsWith('.') && s != "." && s != "..");
    }
}
