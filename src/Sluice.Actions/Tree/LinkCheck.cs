namespace Sluice.Actions.Tree;

/// <summary>
/// Decides which symbolic links of a fetched tree may be created: those whose target, followed as the operating
/// system would (through the tree's other links, '..' after a link taken from where the link points), stays inside
/// the tree. A link that is absolute, climbs above the tree at any point, or loops is refused: the cache is shared,
/// and a repository's files must not reach beyond its own folder.
/// </summary>
internal static class LinkCheck
{
    /// <summary>Linux's own bound on links followed in one lookup.</summary>
    private const int MaxDepth = 40;

    /// <param name="links">Each link's path in the tree ('/'-separated) and its target as stored.</param>
    /// <returns>The links that stay inside the tree.</returns>
    public static IReadOnlySet<string> Inside(IReadOnlyDictionary<string, string> links)
    {
        var inside = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, target) in links)
        {
            var folder = path.Split('/')[..^1].ToList();
            if (Follow(folder, target, links, depth: 0) is not null)
            {
                inside.Add(path);
            }
        }

        return inside;
    }

    /// <summary>Where <paramref name="target"/>, read from <paramref name="from"/>, leads; null when it leaves the tree or loops.</summary>
    private static List<string>? Follow(List<string> from, string target, IReadOnlyDictionary<string, string> links, int depth)
    {
        if (depth > MaxDepth || target.Length == 0 || target[0] == '/' || Path.IsPathRooted(target))
        {
            return null;
        }

        var at = new List<string>(from);
        foreach (var segment in target.Split(OperatingSystem.IsWindows() ? ['/', '\\'] : ['/']))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (at.Count == 0)
                {
                    return null;
                }

                at.RemoveAt(at.Count - 1);
                continue;
            }

            at.Add(segment);
            if (links.TryGetValue(string.Join('/', at), out var inner))
            {
                var resolved = Follow(at[..^1], inner, links, depth + 1);
                if (resolved is null)
                {
                    return null;
                }

                at = resolved;
            }
        }

        return at;
    }
}
