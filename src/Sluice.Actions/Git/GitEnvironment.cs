namespace Sluice.Actions.Git;

/// <summary>
/// The environment git runs in: nothing of the user's or the machine's git configuration, no prompt for
/// credentials, English messages (which the store reads), only the host's protocol, and the token (when there is
/// one) as an HTTP header given through GIT_CONFIG_* variables, so it is never on a command line.
/// </summary>
internal static class GitEnvironment
{
    /// <summary>Variables a user sets for their network, which git must keep seeing (certificates, proxies, HTTP tuning).</summary>
    private static readonly string[] KeptGitPrefixes = ["GIT_SSL_", "GIT_HTTP_", "GIT_PROXY_", "GIT_EXEC_PATH"];

    public static void Apply(IDictionary<string, string?> environment, string emptyHome, ActionsHost host, string? token, IReadOnlyList<(string Key, string Value)> extra)
    {
        foreach (var name in environment.Keys.ToList())
        {
            var gitVariable = name.StartsWith("GIT_", StringComparison.OrdinalIgnoreCase)
                && !KeptGitPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
            if (gitVariable || name is "SSH_ASKPASS" or "XDG_CONFIG_HOME" or "LANGUAGE")
            {
                environment.Remove(name);
            }
        }

        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_ASKPASS"] = "";
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_ATTR_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        environment["HOME"] = emptyHome;
        environment["LC_ALL"] = "C";
        environment["GIT_ALLOW_PROTOCOL"] = host.IsLocal ? "file" : host.BaseUrl.Scheme;

        var settings = new List<(string Key, string Value)>
        {
            // git archive converts line endings as a checkout does: as on GitHub's Linux runners, not at all.
            ("core.autocrlf", "false"),
            ("credential.helper", ""),
        };
        if (!string.IsNullOrEmpty(token) && !host.IsLocal)
        {
            // Scoped to the host, so a redirect elsewhere does not carry it.
            settings.Add(($"http.{host.BaseUrl.AbsoluteUri}.extraHeader", $"Authorization: {BasicAuth.HeaderValue(token)}"));
        }

        settings.AddRange(extra);
        environment["GIT_CONFIG_COUNT"] = settings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < settings.Count; i++)
        {
            environment[$"GIT_CONFIG_KEY_{i}"] = settings[i].Key;
            environment[$"GIT_CONFIG_VALUE_{i}"] = settings[i].Value;
        }
    }
}
