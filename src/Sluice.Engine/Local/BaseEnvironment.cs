namespace Sluice.Engine.Local;

/// <summary>
/// The caller's variables a job sees: tool locations and locale, nothing else, so a developer's shell settings and
/// credentials do not leak into jobs. The list is documented in docs/run.md.
/// </summary>
public static class BaseEnvironment
{
    public static readonly string[] PassThrough =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TMPDIR", "TZ",
        "DOTNET_ROOT", "DOTNET_CLI_HOME", "DOTNET_NOLOGO", "DOTNET_CLI_TELEMETRY_OPTOUT", "NUGET_PACKAGES",
        "JAVA_HOME", "GOPATH", "GOROOT", "CARGO_HOME", "RUSTUP_HOME", "NVM_DIR", "PYENV_ROOT", "PNPM_HOME",
        "DOCKER_HOST", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    ];

    public static Dictionary<string, string> FromCurrentProcess()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PassThrough)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                env[name] = value;
            }
        }

        env.TryAdd("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        return env;
    }
}
