namespace Sluice.Containers;

/// <summary>
/// Where a Docker-compatible engine listens: a unix socket (<c>unix:///var/run/docker.sock</c>) or a TCP address
/// (<c>tcp://host:2375</c>, plain HTTP; TLS is not supported).
/// </summary>
public sealed record EngineEndpoint
{
    /// <summary>The unix sockets looked for, in order, when neither an argument nor DOCKER_HOST names one.</summary>
    internal static IReadOnlyList<string> WellKnownSockets(Func<string, string?> environment)
    {
        var sockets = new List<string> { "/var/run/docker.sock" };
        var runtimeDirectory = environment("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtimeDirectory))
        {
            sockets.Add(Path.Combine(runtimeDirectory, "podman", "podman.sock"));
        }

        sockets.Add("/run/podman/podman.sock");
        return sockets;
    }

    private EngineEndpoint(string? socketPath, string? host, int port, IReadOnlyList<string> alsoLookedAt)
    {
        SocketPath = socketPath;
        Host = host;
        Port = port;
        AlsoLookedAt = alsoLookedAt;
    }

    /// <summary>The unix socket's path, or null for a TCP endpoint.</summary>
    public string? SocketPath { get; }

    /// <summary>The TCP host, or null for a unix socket.</summary>
    public string? Host { get; }

    /// <summary>The TCP port (0 for a unix socket).</summary>
    public int Port { get; }

    /// <summary>Other sockets that were looked for and did not exist, for the "nothing answers" message.</summary>
    public IReadOnlyList<string> AlsoLookedAt { get; }

    /// <summary>The endpoint as DOCKER_HOST would spell it.</summary>
    public override string ToString() => SocketPath is not null ? "unix://" + SocketPath : $"tcp://{Host}:{Port}";

    /// <summary>A unix socket endpoint.</summary>
    public static EngineEndpoint Unix(string socketPath) => new(socketPath, null, 0, []);

    /// <summary>
    /// The endpoint from <paramref name="dockerHost"/>, else from DOCKER_HOST, else the first existing of
    /// /var/run/docker.sock, $XDG_RUNTIME_DIR/podman/podman.sock and /run/podman/podman.sock (the first of them when
    /// none exists, so that the error names it).
    /// </summary>
    /// <exception cref="ContainerEngineException">The address is not unix://, tcp:// or http://.</exception>
    public static EngineEndpoint Resolve(string? dockerHost = null) =>
        Resolve(dockerHost, Environment.GetEnvironmentVariable, File.Exists);

    internal static EngineEndpoint Resolve(string? dockerHost, Func<string, string?> environment, Func<string, bool> socketExists)
    {
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            return Parse(dockerHost.Trim(), "the engine address");
        }

        var fromEnvironment = environment("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Parse(fromEnvironment.Trim(), "DOCKER_HOST");
        }

        var candidates = WellKnownSockets(environment);
        var existing = candidates.FirstOrDefault(socketExists) ?? candidates[0];
        return new EngineEndpoint(existing, null, 0, [.. candidates.Where(c => c != existing)]);
    }

    private static EngineEndpoint Parse(string address, string source)
    {
        if (address.StartsWith('/'))
        {
            return Unix(address);
        }

        if (address.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = address["unix://".Length..];
            return path.StartsWith('/') ? Unix(path) : throw Invalid(address, source, "a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock");
        }

        foreach (var scheme in (string[])["tcp://", "http://"])
        {
            if (!address.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var authority = address[scheme.Length..].TrimEnd('/');
            if (Uri.TryCreate("http://" + authority, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && uri.Host.Length > 0)
            {
                // Docker's default plain-HTTP port when the address names none.
                var port = uri.IsDefaultPort && !authority.EndsWith(":80", StringComparison.Ordinal) ? 2375 : uri.Port;
                return new EngineEndpoint(null, uri.Host, port, []);
            }
        }

        throw Invalid(address, source, "use unix:///path/to/docker.sock or tcp://host:port (TLS and ssh:// are not supported)");
    }

    private static ContainerEngineException Invalid(string address, string source, string hint) =>
        new($"{source} '{address}' is not an engine address Sluice can use: {hint}.", address);
}
