namespace Sluice.Server.CodeHosts;

/// <summary>
/// The code hosts statuses go to, and what each accepts: its states, and how long a context and a description may be.
/// Forgejo speaks Gitea's API, so it is <c>gitea</c> here.
/// </summary>
public static class CodeHostKinds
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string Gitea = "gitea";

    public static readonly IReadOnlyList<string> All = [GitHub, GitLab, Gitea];

    /// <summary>GitHub refuses a longer description with 422 ("description is too long (maximum is 140 characters)"); the others take more, so one limit serves all.</summary>
    public const int MaxDescription = 140;

    /// <summary>The longest context (GitLab's name) kept; longer ones are cut, their end replaced by an ellipsis.</summary>
    public const int MaxContext = 255;

    /// <summary>What is wrong with a target, for the person who set it; null when it is fine.</summary>
    public static string? Problem(string host, string apiUrl, string path)
    {
        if (!All.Contains(host, StringComparer.Ordinal))
        {
            return $"--host must be github, gitlab or gitea (Forgejo is gitea), not '{Sluice.Security.Printable.Of(host)}'";
        }

        if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(api.Query) || !string.IsNullOrEmpty(api.Fragment))
        {
            return $"--api must be the host's API base URL over https ({Example(host)}), not '{Sluice.Security.Printable.Of(apiUrl)}'";
        }

        var parts = path.Split('/');
        if (path.Length is 0 or > 512 || parts.Any(p => p.Length == 0 || p is "." or ".." || p.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#' or '%')))
        {
            return $"--path must be the repository's path on the host (owner/name), not '{Sluice.Security.Printable.Of(path)}'";
        }

        var numericProject = host == GitLab && parts.Length == 1 && parts[0].All(char.IsAsciiDigit);
        return parts.Length < 2 && !numericProject ? "--path must be owner/name (GitLab: a project path such as group/subgroup/name, or the project's numeric id)"
            : host != GitLab && parts.Length != 2 ? "--path must be owner/name for GitHub and Gitea"
            : null;
    }

    /// <summary>The API base URL of the host's public service, or of an own installation.</summary>
    public static string Example(string host) => host switch
    {
        GitHub => "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server",
        GitLab => "https://gitlab.com/api/v4, or https://HOST/api/v4",
        _ => "https://HOST/api/v1",
    };

    /// <summary>The host's word for a Sluice state (<see cref="CommitStatusStates"/>).</summary>
    public static string State(string host, string state) => (host, state) switch
    {
        // GitHub: error, failure, pending, success.
        (GitHub, CommitStatusStates.Running) => "pending",
        (GitHub, CommitStatusStates.Cancelled) => "error",

        // GitLab: pending, running, success, failed, canceled.
        (GitLab, CommitStatusStates.Failure or CommitStatusStates.Error) => "failed",
        (GitLab, CommitStatusStates.Cancelled) => "canceled",

        // Gitea and Forgejo: pending, success, error, failure, warning.
        (Gitea, CommitStatusStates.Running) => "pending",
        (Gitea, CommitStatusStates.Cancelled) => "error",
        _ => state,
    };

    /// <summary><paramref name="text"/> cut to at most <paramref name="max"/> characters, ending with an ellipsis when cut, never in the middle of a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}

/// <summary>The states Sluice says a commit status is in, before each host's client puts them in its own words.</summary>
public static class CommitStatusStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Error = "error";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Running, Success, Failure, Error, Cancelled];
}
