namespace Sluice.Triggers.Payloads;

/// <summary>The files a push changed, from the <c>added</c>, <c>modified</c> and <c>removed</c> lists of its commits.</summary>
internal static class ChangedPaths
{
    /// <summary>
    /// Every path named by the listed commits, in first-seen order; null when the list is not the whole push (the host
    /// cut it, or listed no commit, as for a new branch at an existing commit), so that path filters do not wrongly skip it.
    /// </summary>
    public static IReadOnlyList<string>? Of(IReadOnlyList<PayloadObject>? commits, bool complete)
    {
        if (commits is null || commits.Count == 0 || !complete)
        {
            return null;
        }

        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var commit in commits)
        {
            foreach (var list in (string[])["added", "modified", "removed"])
            {
                foreach (var path in commit.OptionalStrings(list) ?? [])
                {
                    if (seen.Add(path))
                    {
                        paths.Add(path);
                    }
                }
            }
        }

        return paths;
    }
}
