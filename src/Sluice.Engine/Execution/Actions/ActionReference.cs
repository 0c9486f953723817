namespace Sluice.Engine.Execution.Actions;

/// <summary>Where a step's action comes from, as GitHub reads <c>uses:</c>.</summary>
public enum ActionSource
{
    /// <summary><c>./path</c>: a folder of the job's workspace.</summary>
    Local,

    /// <summary><c>owner/repo@ref</c> or <c>owner/repo/sub/path@ref</c>: another repository, read from the action cache.</summary>
    Repository,

    /// <summary><c>docker://image</c>: a container image.</summary>
    DockerImage,
}

/// <summary>
/// A <c>uses:</c> value taken apart: a local folder, an action of another repository (owner, repository, the
/// path inside it and the ref), or a Docker image. Every part of a repository reference is checked, so that no
/// reference can name a folder outside the action cache.
/// </summary>
public sealed record ActionReference(ActionSource Source, string Uses, string Owner, string Repository, string Path, string Ref)
{
    /// <summary><c>owner/repo</c>, as <c>GITHUB_ACTION_REPOSITORY</c> shows it; empty for a local action.</summary>
    public string RepositoryName => Source == ActionSource.Repository ? $"{Owner}/{Repository}" : "";

    /// <summary>Reads <paramref name="uses"/>; null with <paramref name="problem"/> saying what is wrong when it is not a reference GitHub accepts.</summary>
    public static ActionReference? Parse(string uses, out string? problem)
    {
        problem = null;
        if (uses.StartsWith("./", StringComparison.Ordinal) || uses == ".")
        {
            return new ActionReference(ActionSource.Local, uses, "", "", uses, "");
        }

        if (uses.StartsWith("docker://", StringComparison.Ordinal))
        {
            return new ActionReference(ActionSource.DockerImage, uses, "", "", uses["docker://".Length..], "");
        }

        if (uses.StartsWith("$/", StringComparison.Ordinal))
        {
            problem = $"'uses: {uses}' names a file of this repository at the commit being run ($/), a form GitHub added in 2026 that sluice run does not run yet; write it as a local action ('./{uses[2..].TrimStart('/')}') after actions/checkout";
            return null;
        }

        var at = uses.LastIndexOf('@');
        if (at <= 0 || at == uses.Length - 1)
        {
            problem = $"'uses: {uses}' is neither a local action (./path) nor owner/repo@ref or owner/repo/path@ref; add the ref (a tag, branch or commit) after '@'";
            return null;
        }

        var name = uses[..at];
        var gitRef = uses[(at + 1)..];
        var parts = name.Split('/');
        if (parts.Length < 2 || parts.Any(p => p.Length == 0))
        {
            problem = $"'uses: {uses}' must name the owner and the repository, as owner/repo@ref or owner/repo/path@ref";
            return null;
        }

        if (!IsName(parts[0]) || !IsName(parts[1]))
        {
            problem = $"'uses: {uses}': '{parts[0]}/{parts[1]}' is not a repository name; owners and repositories are letters, digits, '-', '_' and '.'";
            return null;
        }

        if (parts.Skip(2).Concat(gitRef.Split('/')).Any(IsUnsafeSegment))
        {
            problem = $"'uses: {uses}' is refused: its path and ref may not contain '.', '..' or empty segments, backslashes, colons or control characters, which could reach outside the action cache";
            return null;
        }

        return new ActionReference(ActionSource.Repository, uses, parts[0], parts[1], string.Join('/', parts.Skip(2)), gitRef);
    }

    /// <summary>GitHub's owner and repository names: letters, digits, '-', '_' and '.', but not '.' or '..' alone.</summary>
    private static bool IsName(string part) =>
        part is not ("." or "..") && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A segment that is empty, '.' or '..', or could be read as more than one folder name.</summary>
    private static bool IsUnsafeSegment(string segment) =>
        segment is "" or "." or ".." || segment.Any(c => c == '\\' || c == ':' || char.IsControl(c));
}
