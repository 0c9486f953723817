using Sluice.Actions.Git;

namespace Sluice.Actions.Tests.Store;

/// <summary>git runs with nothing of the user's configuration, never prompts, and gets the token only as a header for the host.</summary>
public sealed class GitEnvironmentTests
{
    private const string Token = "tok_EnvTest_1234";

    private static Dictionary<string, string?> Prepared(ActionsHost host, string? token)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/bin",
            ["HTTPS_PROXY"] = "http://proxy.example:3128",
            ["GIT_SSL_CAINFO"] = "/etc/corp-ca.pem",
            ["GIT_DIR"] = "/somewhere/else/.git",
            ["GIT_CONFIG_PARAMETERS"] = "'core.sshCommand'='evil'",
            ["GIT_TRACE_CURL"] = "1",
            ["SSH_ASKPASS"] = "/usr/bin/ksshaskpass",
            ["XDG_CONFIG_HOME"] = "/home/me/.config",
        };
        GitEnvironment.Apply(environment, "/cache/.home", host, token, []);
        return environment;
    }

    [Fact]
    public void Nothing_of_the_users_git_setup_reaches_git_and_it_never_prompts()
    {
        var environment = Prepared(ActionsHost.GitHub, null);

        Assert.Equal("0", environment["GIT_TERMINAL_PROMPT"]);
        Assert.Equal("", environment["GIT_ASKPASS"]);
        Assert.Equal("1", environment["GIT_CONFIG_NOSYSTEM"]);
        Assert.Equal("/dev/null", environment["GIT_CONFIG_GLOBAL"]);
        Assert.Equal("/cache/.home", environment["HOME"]);
        Assert.Equal("C", environment["LC_ALL"]);
        Assert.Equal("https", environment["GIT_ALLOW_PROTOCOL"]);
        foreach (var gone in new[] { "GIT_DIR", "GIT_CONFIG_PARAMETERS", "GIT_TRACE_CURL", "SSH_ASKPASS", "XDG_CONFIG_HOME" })
        {
            Assert.False(environment.ContainsKey(gone), gone);
        }

        Assert.Equal("/usr/bin", environment["PATH"]);
        Assert.Equal("http://proxy.example:3128", environment["HTTPS_PROXY"]);
        Assert.Equal("/etc/corp-ca.pem", environment["GIT_SSL_CAINFO"]);
        Assert.DoesNotContain(environment.Values, v => v?.Contains("Authorization", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_token_is_a_basic_auth_header_scoped_to_the_host()
    {
        var environment = Prepared(ActionsHost.Parse("https://git.example.com/mirror"), Token);

        var count = int.Parse(environment["GIT_CONFIG_COUNT"]!, System.Globalization.CultureInfo.InvariantCulture);
        var settings = Enumerable.Range(0, count).ToDictionary(i => environment[$"GIT_CONFIG_KEY_{i}"]!, i => environment[$"GIT_CONFIG_VALUE_{i}"]!);
        var header = settings["http.https://git.example.com/mirror/.extraHeader"];
        var credentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{Token}"));
        Assert.Equal($"Authorization: Basic {credentials}", header);
    }

    [Fact]
    public void A_file_host_is_never_given_the_token()
    {
        var environment = Prepared(ActionsHost.Parse("/srv/actions"), Token);

        Assert.Equal("file", environment["GIT_ALLOW_PROTOCOL"]);
        Assert.DoesNotContain(environment.Values, v => v?.Contains("Authorization", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_redactor_takes_the_token_out_in_every_form_git_could_echo()
    {
        var redactor = new Redactor(Token);
        var credentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{Token}"));

        var text = redactor.Redact($"a {Token} b Basic {credentials} c {Uri.EscapeDataString(Token)}");

        Assert.DoesNotContain(Token, text);
        Assert.DoesNotContain(credentials, text);
        Assert.Equal("a *** b *** c ***", text);
    }
}
