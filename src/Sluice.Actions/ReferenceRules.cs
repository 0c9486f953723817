namespace Sluice.Actions;

/// <summary>
/// The names the store gives to git and to the file system. They are checked before anything runs, so that no
/// owner, repository or ref can be read as a git option, a second argument or a path outside the cache.
/// </summary>
internal static class ReferenceRules
{
    private const int MaxNameLength = 100;
    private const int MaxRefLength = 255;

    public static bool IsCommit(string reference) => reference.Length == 40 && reference.All(char.IsAsciiHexDigit);

    public static string? Problem(RepositoryRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return NameProblem("owner", reference.Owner, allowLeadingDot: false)
            ?? NameProblem("repository", reference.Repository, allowLeadingDot: true)
            ?? RefProblem(reference.Ref);
    }

    /// <summary>GitHub's owners and repositories, and those of Gitea and Forgejo: letters, digits, '-', '_' and '.'.</summary>
    private static string? NameProblem(string what, string? name, bool allowLeadingDot)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"the {what} is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"the {what} '{Printable.Of(name)}' is longer than {MaxNameLength} characters";
        }

        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"the {what} '{Printable.Of(name)}' may only hold letters, digits, '-', '_' and '.'";
        }

        if (name is "." or ".." || name[0] == '-' || (name[0] == '.' && !allowLeadingDot))
        {
            return $"the {what} '{Printable.Of(name)}' may not be '.' or '..' or start with '-'{(allowLeadingDot ? "" : " or '.'")}";
        }

        return null;
    }

    /// <summary>git's rules for ref names (git check-ref-format), and no leading '-', which git could read as an option.</summary>
    private static string? RefProblem(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return "the ref is empty; give a tag, a branch or a full commit SHA";
        }

        if (reference.Length > MaxRefLength)
        {
            return $"the ref is longer than {MaxRefLength} characters";
        }

        var bad = reference.FirstOrDefault(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\' || c > '\u007e');
        if (bad != default)
        {
            return $"the ref '{Printable.Of(reference)}' holds {Describe(bad)}, which git does not allow in a ref name";
        }

        if (reference[0] is '-' or '/' || reference[^1] is '/' or '.')
        {
            return $"the ref '{Printable.Of(reference)}' may not start with '-' or '/' or end with '/' or '.'";
        }

        if (reference.Contains("..", StringComparison.Ordinal) || reference.Contains("@{", StringComparison.Ordinal) || reference == "@")
        {
            return $"the ref '{Printable.Of(reference)}' may not hold '..' or '@{{' or be '@'";
        }

        foreach (var segment in reference.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.' || segment.EndsWith(".lock", StringComparison.Ordinal))
            {
                return $"the ref '{Printable.Of(reference)}' has a part that is empty, starts with '.' or ends with '.lock'";
            }
        }

        return null;
    }

    private static string Describe(char c) => char.IsControl(c) || c > '\u007e' ? $"the character U+{(int)c:X4}" : $"'{c}'";
}
