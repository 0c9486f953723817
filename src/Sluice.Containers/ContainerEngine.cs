using Sluice.Containers.Json;

namespace Sluice.Containers;

/// <summary>
/// A client of one Docker-compatible engine (Docker, or podman's compat API from <c>podman system service</c>)
/// speaking the Docker Engine REST API v1.41 over a unix socket or TCP.
/// </summary>
/// <remarks>
/// Every call has a deadline (<see cref="ContainerEngineOptions"/>), so an engine that is down or hung fails a call
/// with a <see cref="ContainerEngineException"/> that says so, never a hang. Cancelling a call's token throws
/// <see cref="OperationCanceledException"/>, except <see cref="ExecAsync"/>, which stops the process and says so in
/// its result. Thread-safe: one instance serves a whole run.
/// </remarks>
public sealed partial class ContainerEngine : IDisposable
{
    private readonly EngineHttp http;
    private EngineInfo? info;

    private ContainerEngine(EngineEndpoint endpoint, ContainerEngineOptions options)
    {
        options.Validate();
        http = new EngineHttp(endpoint, options);
    }

    /// <summary>The address this client talks to.</summary>
    public EngineEndpoint Endpoint => http.Endpoint;

    private ContainerEngineOptions Options => http.Options;

    /// <summary>
    /// A client for the engine at <paramref name="dockerHost"/> (<c>unix:///path</c> or <c>tcp://host:port</c>),
    /// else at DOCKER_HOST, else at the first existing of /var/run/docker.sock, $XDG_RUNTIME_DIR/podman/podman.sock
    /// and /run/podman/podman.sock. Nothing is sent yet: <see cref="PingAsync"/> finds out whether an engine answers.
    /// </summary>
    /// <exception cref="ContainerEngineException">The address is not one Sluice can use (its message says why).</exception>
    public static ContainerEngine Connect(string? dockerHost = null, ContainerEngineOptions? options = null) =>
        new(EngineEndpoint.Resolve(dockerHost), options ?? new ContainerEngineOptions());

    /// <summary>A client for the engine at <paramref name="endpoint"/>.</summary>
    public static ContainerEngine Connect(EngineEndpoint endpoint, ContainerEngineOptions? options = null) =>
        new(endpoint, options ?? new ContainerEngineOptions());

    /// <summary>Asks the engine whether it is there, and what it is.</summary>
    /// <remarks>
    /// The name and version come from the ping's Server header ("Docker/27.1.1 (linux)", "Libpod/4.3.1 (linux)"),
    /// and only when it has none from <c>/version</c>, which podman answers slowly (it asks its runtimes).
    /// </remarks>
    /// <exception cref="ContainerEngineException">
    /// Nothing answers ("no Docker-compatible engine answers at unix:///var/run/docker.sock; start Docker or
    /// `podman system service`, or set DOCKER_HOST"), or it answers but is not a Docker-compatible engine.
    /// </exception>
    public async Task<EngineInfo> PingAsync(CancellationToken cancellationToken = default)
    {
        var ping = await http.PingAsync(cancellationToken).ConfigureAwait(false);
        if (!ping.Body.Trim().Equals("OK", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerEngineException($"{Endpoint} answered the ping with '{Shorten(ping.Body)}' instead of OK: it is not a Docker-compatible engine. {http.NoEngineMessage()}.", Endpoint.ToString());
        }

        var engine = FromServerHeader(ping.Server, ping.ApiVersion) ?? await FromVersionAsync(cancellationToken).ConfigureAwait(false);
        info = engine;
        return engine;
    }

    /// <summary>"Libpod/4.3.1 (linux)" → Podman Engine 4.3.1 on linux; null when the header is not of that form.</summary>
    internal static EngineInfo? FromServerHeader(string? server, string? apiVersion)
    {
        var slash = server?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (server is null || slash <= 0)
        {
            return null;
        }

        var product = server[..slash];
        var rest = server[(slash + 1)..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var isPodman = product.Equals("Libpod", StringComparison.OrdinalIgnoreCase);
        if (rest.Length == 0 || !(isPodman || product.Equals("Docker", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var os = rest.Length > 1 ? rest[1].Trim('(', ')', ' ') : "unknown";
        return new EngineInfo(isPodman ? "Podman Engine" : "Docker Engine", rest[0], apiVersion ?? "unknown", os, isPodman);
    }

    private async Task<EngineInfo> FromVersionAsync(CancellationToken cancellationToken)
    {
        var version = await http.SendForJsonAsync(HttpMethod.Get, EngineHttp.Versioned("version"), EngineJson.Default.VersionBody, "asking the container engine's version", cancellationToken).ConfigureAwait(false);
        var isPodman = version.Components?.Any(c => c.Name?.Contains("podman", StringComparison.OrdinalIgnoreCase) ?? false) ?? false;
        return new EngineInfo(isPodman ? "Podman Engine" : "Docker Engine", version.Version ?? "unknown", version.ApiVersion ?? "unknown", version.Os ?? "unknown", isPodman);
    }

    /// <summary>Closes the connections to the engine.</summary>
    public void Dispose() => http.Dispose();

    /// <summary>The engine's identity, asked once.</summary>
    private async ValueTask<EngineInfo> InfoAsync(CancellationToken cancellationToken) =>
        info ?? await PingAsync(cancellationToken).ConfigureAwait(false);

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "..." : text.Trim();

    private static void RequireName(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{what} must not be empty.", what);
        }
    }
}
