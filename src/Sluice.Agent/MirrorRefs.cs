using System.Text.RegularExpressions;

namespace Sluice.Agent;

/// <summary>
/// Whether the agent's copy of a repository already points where a job needs it, read from git's own files
/// (gitrepository-layout(5): <c>HEAD</c> as <c>ref: NAME</c>, a loose ref as the object name it holds) rather than by
/// starting git: the agent's next job is usually at the same commit, and each git process costs milliseconds before
/// the job's first step. Anything else (packed refs, another ref storage, a name git would refuse) answers no, and
/// git is asked as before.
/// </summary>
internal static partial class MirrorRefs
{
    /// <summary>Every reference is a loose ref holding <paramref name="sha"/>, so the commit is in the mirror too.</summary>
    public static bool AllHold(string mirror, IEnumerable<string> references, string sha) =>
        references.All(name => IsPlain(name) && Read(Path.Combine(mirror, name)) is { } held && string.Equals(held, sha, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>HEAD</c> names <paramref name="branch"/>.</summary>
    public static bool HeadNames(string mirror, string branch) =>
        IsPlain(branch) && Read(Path.Combine(mirror, "HEAD")) == "ref: " + branch;

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\n', '\r') : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A branch or tag name that is a plain file path under the mirror: no <c>..</c>, no empty or dotted part, no lock file.</summary>
    private static bool IsPlain(string name) =>
        PlainName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !name.Contains("/.", StringComparison.Ordinal) && !name.EndsWith(".lock", StringComparison.Ordinal);

    [GeneratedRegex("^refs/(heads|tags)/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]
    private static partial Regex PlainName();
}
