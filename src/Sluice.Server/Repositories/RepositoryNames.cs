namespace Sluice.Server.Repositories;

/// <summary>What a repository may be called (it appears in URLs and paths) and where it may come from.</summary>
public static class RepositoryNames
{
    public static string? Problem(string? name) =>
        name is not { Length: > 0 and <= 100 } ? "a repository name has 1 to 100 characters"
        : name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name[0] != '.' && name[0] != '-' ? null
        : $"'{name}' is not a usable repository name: use letters, digits, '-', '_' and '.', not starting with '.' or '-'";

    /// <summary>A git URL (https, http, ssh, git, file) or an absolute local path; never something git would read as an option.</summary>
    public static string? UrlProblem(string? url) =>
        url is not { Length: > 0 and <= 2000 } ? "a repository URL or path is needed (at most 2000 characters)"
        : url.StartsWith('-') ? $"'{url}' is not a repository URL or path"
        : url.Any(char.IsControl) ? "the repository URL has control characters"
        : url.StartsWith('/') || url.Contains("://", StringComparison.Ordinal) || url.Contains('@', StringComparison.Ordinal) ? null
        : $"'{url}' is neither a URL nor an absolute path; give the full path of a local repository";
}
