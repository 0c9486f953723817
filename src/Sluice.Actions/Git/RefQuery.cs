namespace Sluice.Actions.Git;

/// <summary>
/// What to ask <c>git ls-remote</c> for a ref, and which answer wins. A name is looked up as a tag and as a
/// branch in one call; when both exist the tag wins, as on GitHub. An annotated tag resolves to the commit it
/// points at. A full ref (<c>refs/tags/x</c>, <c>refs/heads/x</c>) is looked up as it is.
/// </summary>
internal static class RefQuery
{
    private const string Tags = "refs/tags/";
    private const string Heads = "refs/heads/";
    private const string Peeled = "^{}";

    public static IReadOnlyList<string> Patterns(string reference) =>
        reference.StartsWith(Tags, StringComparison.Ordinal) ? [reference, reference + Peeled]
        : reference.StartsWith("refs/", StringComparison.Ordinal) ? [reference]
        : [Tags + reference, Tags + reference + Peeled, Heads + reference];

    /// <summary>The commit the answer gives for <paramref name="reference"/>, or null when it has none.</summary>
    public static string? Choose(string reference, string lsRemoteOutput)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lsRemoteOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0 && ReferenceRules.IsCommit(line[..tab]))
            {
                found[line[(tab + 1)..].TrimEnd('\r')] = line[..tab].ToLowerInvariant();
            }
        }

        var tag = reference.StartsWith(Tags, StringComparison.Ordinal) ? reference
            : reference.StartsWith("refs/", StringComparison.Ordinal) ? null
            : Tags + reference;
        if (tag is not null)
        {
            if (found.TryGetValue(tag + Peeled, out var pointedAt) || found.TryGetValue(tag, out pointedAt))
            {
                return pointedAt;
            }

            if (reference.StartsWith(Tags, StringComparison.Ordinal))
            {
                return null;
            }
        }

        var name = tag is null ? reference : Heads + reference;
        return found.GetValueOrDefault(name);
    }
}
