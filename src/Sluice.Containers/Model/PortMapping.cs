namespace Sluice.Containers;

/// <summary>
/// One published port: <see cref="ContainerPort"/> ("5432/tcp") reachable on the host at <see cref="HostIp"/>, on
/// <see cref="HostPort"/> or, when that is null, on a free port the engine picks (see <see cref="ContainerState.Ports"/>).
/// </summary>
/// <param name="ContainerPort">The port inside the container with its protocol, "5432/tcp"; "5432" means tcp.</param>
/// <param name="HostPort">The host port, or null for one the engine picks.</param>
/// <param name="HostIp">The host address to listen on; loopback unless said otherwise, so a job's database is not on the LAN.</param>
public sealed record PortMapping(string ContainerPort, int? HostPort = null, string HostIp = "127.0.0.1")
{
    /// <summary>"5432" → "5432/tcp"; "53/udp" stays.</summary>
    public string NormalizedContainerPort => NormalizePort(ContainerPort);

    /// <summary>
    /// A port as a workflow's <c>services.&lt;id&gt;.ports</c> writes it: "5432" (any free host port),
    /// "8080:80", "127.0.0.1:8080:80" or "53:53/udp".
    /// </summary>
    /// <exception cref="FormatException">The text is not one of those forms, naming it.</exception>
    public static PortMapping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var protocol = "tcp";
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = value[(slash + 1)..].ToLowerInvariant();
            value = value[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw new FormatException($"port '{text}': the protocol must be tcp, udp or sctp.");
            }
        }

        var parts = value.Split(':');
        return parts.Length switch
        {
            1 => new PortMapping($"{Port(parts[0], text)}/{protocol}"),
            2 => new PortMapping($"{Port(parts[1], text)}/{protocol}", HostPortOrNull(parts[0], text)),
            3 => new PortMapping($"{Port(parts[2], text)}/{protocol}", HostPortOrNull(parts[1], text), parts[0].Length == 0 ? "127.0.0.1" : parts[0]),
            _ => throw new FormatException($"port '{text}' is not PORT, HOST_PORT:PORT or IP:HOST_PORT:PORT."),
        };
    }

    internal static string NormalizePort(string containerPort) =>
        containerPort.Contains('/', StringComparison.Ordinal) ? containerPort.ToLowerInvariant() : containerPort + "/tcp";

    private static int? HostPortOrNull(string text, string whole) => text.Length == 0 ? null : Port(text, whole);

    private static int Port(string text, string whole) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"port '{whole}': '{text}' is not a port number (1-65535).");
}
