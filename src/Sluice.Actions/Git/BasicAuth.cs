using System.Text;

namespace Sluice.Actions.Git;

/// <summary>
/// A token as git hosts take it over HTTP: Basic auth with the token as the password. GitHub, Gitea, Forgejo and
/// GitLab all accept it so; the user name is the one GitHub's own checkout uses.
/// </summary>
internal static class BasicAuth
{
    public const string UserName = "x-access-token";

    /// <summary>The base64 credentials, as they appear in the header.</summary>
    public static string Credentials(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{token}"));

    public static string HeaderValue(string token) => $"Basic {Credentials(token)}";
}
