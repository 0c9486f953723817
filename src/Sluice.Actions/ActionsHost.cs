using System.Security.Cryptography;
using System.Text;

namespace Sluice.Actions;

/// <summary>
/// Where actions are fetched from: https://github.com by default, or any git host (GitHub Enterprise, Gitea, Forgejo,
/// an internal mirror) by its http(s):// or file:// URL. A repository is <c>BASE/owner/repo</c>: GitHub, Gitea,
/// Forgejo and GitLab answer for it, and git's own http-backend and file:// transport find <c>repo.git</c> too.
/// </summary>
public sealed record ActionsHost
{
    /// <summary>The environment variable that names the host when no option does.</summary>
    public const string EnvironmentVariable = "SLUICE_ACTIONS_URL";

    /// <summary>Checks <paramref name="baseUrl"/> and keeps it with a trailing slash.</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s):// or file:// URL, or carries credentials, a query or a fragment.</exception>
    public ActionsHost(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var problem = Problem(baseUrl);
        if (problem is not null)
        {
            throw new ArgumentException($"'{Shown(baseUrl)}' cannot be an actions host: {problem}", nameof(baseUrl));
        }

        var text = baseUrl.AbsoluteUri;
        BaseUrl = new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>GitHub itself.</summary>
    public static ActionsHost GitHub { get; } = new(new Uri("https://github.com/"));

    /// <summary>The host's URL, absolute, ending with '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>True for a file:// host (a folder of repositories on this machine or a mounted share).</summary>
    public bool IsLocal => BaseUrl.IsFile;

    /// <summary>
    /// Reads a host as users write it: an http(s):// or file:// URL, or an absolute folder path (taken as file://).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not such a URL or path; the message says what to write.</exception>
    public static ActionsHost Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("the actions host URL is empty; give an http(s):// or file:// URL such as https://github.com", nameof(url));
        }

        if (Path.IsPathFullyQualified(text) && !text.Contains("://", StringComparison.Ordinal))
        {
            return new ActionsHost(new Uri(Path.GetFullPath(text)));
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !text.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{text}' is not a URL; give an http(s):// or file:// URL such as https://github.com or https://gitea.example.com", nameof(url));
        }

        return new ActionsHost(uri);
    }

    /// <summary>The repository as git is given it: <c>BASE/owner/repo</c>, or its folder path for a file:// host.</summary>
    internal string RepositoryLocation(string owner, string repository) =>
        IsLocal ? Path.Combine(BaseUrl.LocalPath, owner, repository) : $"{BaseUrl.AbsoluteUri}{owner}/{repository}";

    /// <summary>The repository as users are shown it.</summary>
    internal string RepositoryDisplay(string owner, string repository) => $"{BaseUrl.AbsoluteUri}{owner}/{repository}";

    /// <summary>A folder name for what this host said about refs: readable, and distinct for distinct URLs.</summary>
    internal string CacheKey
    {
        get
        {
            var readable = new StringBuilder();
            foreach (var c in IsLocal ? "file" : BaseUrl.Authority)
            {
                readable.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(BaseUrl.AbsoluteUri));
            return $"{readable}-{Convert.ToHexStringLower(hash)[..12]}";
        }
    }

    public override string ToString() => BaseUrl.AbsoluteUri;

    /// <summary>The URL as a message may show it: without credentials.</summary>
    private static string Shown(Uri url) =>
        url.IsAbsoluteUri && url.UserInfo.Length > 0 ? new UriBuilder(url) { UserName = "", Password = "" }.Uri.AbsoluteUri : url.OriginalString;

    private static string? Problem(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return "it is not an absolute URL";
        }

        if (url.Scheme is not ("http" or "https" or "file"))
        {
            return $"'{url.Scheme}' is not supported; use http://, https:// or file://";
        }

        if (url.UserInfo.Length > 0)
        {
            return "credentials do not belong in the URL, where they would be shown; give the token as a secret instead";
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return "a host URL has no query or fragment";
        }

        if (!url.IsFile && url.Host.Length == 0)
        {
            return "it names no host";
        }

        return null;
    }
}
