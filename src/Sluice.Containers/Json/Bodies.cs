using System.Text.Json.Serialization;

namespace Sluice.Containers.Json;

// The wire shapes of the Docker Engine API v1.41, only the fields Sluice sends or reads. Durations are nanoseconds.

internal sealed class ErrorBody
{
    public string? Message { get; init; }
}

internal sealed class VersionBody
{
    public string? Version { get; init; }
    public string? ApiVersion { get; init; }
    public string? Os { get; init; }
    public List<VersionComponentBody>? Components { get; init; }
}

internal sealed class VersionComponentBody
{
    public string? Name { get; init; }
    public string? Version { get; init; }
}

/// <summary>The answer to a create (container, network, exec): its id.</summary>
internal sealed class IdBody
{
    public string? Id { get; init; }
    public List<string>? Warnings { get; init; }
}

/// <summary>JSON's <c>{}</c>, the value type of Docker's set-like maps (ExposedPorts).</summary>
internal sealed class EmptyBody;

internal sealed class CreateContainerBody
{
    public required string Image { get; init; }
    public List<string>? Entrypoint { get; init; }
    public List<string>? Cmd { get; init; }
    public List<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public string? Hostname { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, EmptyBody>? ExposedPorts { get; init; }
    public HealthConfigBody? Healthcheck { get; init; }
    public required HostConfigBody HostConfig { get; init; }
    public NetworkingConfigBody? NetworkingConfig { get; init; }
}

internal sealed class HealthConfigBody
{
    public List<string>? Test { get; init; }
    public long? Interval { get; init; }
    public long? Timeout { get; init; }
    public int? Retries { get; init; }
    public long? StartPeriod { get; init; }
}

internal sealed class HostConfigBody
{
    public List<string>? Binds { get; init; }
    public string? NetworkMode { get; init; }
    public Dictionary<string, List<PortBindingBody>>? PortBindings { get; init; }
    public bool? Privileged { get; init; }
    public List<string>? CapAdd { get; init; }
    public Dictionary<string, string>? Tmpfs { get; init; }
    public long? Memory { get; init; }
    public long? NanoCpus { get; init; }
    public List<string>? ExtraHosts { get; init; }
}

internal sealed class PortBindingBody
{
    public string? HostIp { get; init; }
    public string? HostPort { get; init; }
}

internal sealed class NetworkingConfigBody
{
    public Dictionary<string, EndpointBody>? EndpointsConfig { get; init; }
}

internal sealed class EndpointBody
{
    public List<string>? Aliases { get; init; }
    public string? IPAddress { get; init; }
}

internal sealed class CreateNetworkBody
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    public bool CheckDuplicate { get; init; } = true;
    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed class CreateExecBody
{
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; } = true;
    public bool AttachStderr { get; init; } = true;
    public bool Tty { get; init; }
    public required List<string> Cmd { get; init; }
    public List<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
}

internal sealed class StartExecBody
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
}

internal sealed class ExecInspectBody
{
    public string? Id { get; init; }
    public bool Running { get; init; }
    public int? ExitCode { get; init; }
    public int? Pid { get; init; }
}

internal sealed class WaitBody
{
    public int StatusCode { get; init; }
}

internal sealed class ContainerInspectBody
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public ContainerConfigBody? Config { get; init; }
    public ContainerStateBody? State { get; init; }
    public NetworkSettingsBody? NetworkSettings { get; init; }
}

internal sealed class ContainerConfigBody
{
    public string? Image { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public HealthConfigBody? Healthcheck { get; init; }
}

internal sealed class ContainerStateBody
{
    public string? Status { get; init; }
    public bool Running { get; init; }
    public int ExitCode { get; init; }
    public string? Error { get; init; }
    public HealthBody? Health { get; init; }
}

internal sealed class HealthBody
{
    public string? Status { get; init; }
    public int FailingStreak { get; init; }
}

internal sealed class NetworkSettingsBody
{
    public Dictionary<string, List<PortBindingBody>?>? Ports { get; init; }
    public Dictionary<string, EndpointBody>? Networks { get; init; }
}

internal sealed class ContainerSummaryBody
{
    public string? Id { get; init; }
    public List<string>? Names { get; init; }
    public string? Image { get; init; }
    public string? State { get; init; }
    public long Created { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed class NetworkSummaryBody
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>One line of a pull's progress stream.</summary>
internal sealed class PullMessageBody
{
    public string? Id { get; init; }
    public string? Status { get; init; }
    public string? Progress { get; init; }
    public string? Error { get; init; }
    public ErrorBody? ErrorDetail { get; init; }
}

/// <summary>Podman's own view of a network (<c>/libpod/networks/{name}/json</c>), which says whether it has DNS.</summary>
internal sealed class PodmanNetworkBody
{
    [JsonPropertyName("dns_enabled")]
    public bool DnsEnabled { get; init; }
}

/// <summary>The part of podman's <c>/libpod/info</c> that names its network backend ("cni" or "netavark").</summary>
internal sealed class PodmanInfoBody
{
    public PodmanHostBody? Host { get; init; }
}

internal sealed class PodmanHostBody
{
    public string? NetworkBackend { get; init; }
}
