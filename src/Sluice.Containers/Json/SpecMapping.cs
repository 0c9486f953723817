using System.Globalization;

namespace Sluice.Containers.Json;

/// <summary>Between the public model and the wire shapes.</summary>
internal static class SpecMapping
{
    public static CreateContainerBody ToBody(ContainerSpec spec)
    {
        var ports = spec.PortBindings
            .GroupBy(p => p.NormalizedContainerPort, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(p => new PortBindingBody { HostIp = p.HostIp, HostPort = p.HostPort?.ToString(CultureInfo.InvariantCulture) ?? "" }).ToList(),
                StringComparer.Ordinal);
        var network = string.IsNullOrEmpty(spec.NetworkName) ? null : spec.NetworkName;
        return new CreateContainerBody
        {
            Image = spec.Image,
            // [""] is how the API spells "no entrypoint" (an empty list would mean "the image's").
            Entrypoint = spec.Entrypoint is { Count: 0 } ? [""] : spec.Entrypoint?.ToList(),
            Cmd = spec.Cmd?.ToList(),
            Env = spec.Env.Count == 0 ? null : [.. spec.Env.Select(e => $"{e.Key}={e.Value}")],
            WorkingDir = spec.WorkingDir,
            User = spec.User,
            Hostname = spec.Hostname,
            Labels = spec.Labels.Count == 0 ? null : spec.Labels.ToDictionary(StringComparer.Ordinal),
            ExposedPorts = ports.Count == 0 ? null : ports.Keys.ToDictionary(k => k, _ => new EmptyBody(), StringComparer.Ordinal),
            Healthcheck = spec.Healthcheck is { } health ? ToBody(health) : null,
            HostConfig = new HostConfigBody
            {
                Binds = spec.Binds.Count == 0 ? null : [.. spec.Binds],
                NetworkMode = network,
                PortBindings = ports.Count == 0 ? null : ports,
                Privileged = spec.Privileged ? true : null,
                CapAdd = spec.CapAdd.Count == 0 ? null : [.. spec.CapAdd],
                Tmpfs = spec.Tmpfs.Count == 0 ? null : spec.Tmpfs.ToDictionary(StringComparer.Ordinal),
                Memory = spec.Memory,
                NanoCpus = spec.NanoCpus,
                ExtraHosts = spec.ExtraHosts.Count == 0 ? null : [.. spec.ExtraHosts],
            },
            NetworkingConfig = network is null || spec.NetworkAliases.Count == 0
                ? null
                : new NetworkingConfigBody { EndpointsConfig = new(StringComparer.Ordinal) { [network] = new EndpointBody { Aliases = [.. spec.NetworkAliases] } } },
        };
    }

    private static HealthConfigBody ToBody(HealthcheckSpec health) => new()
    {
        Test = [.. health.Test],
        Interval = Nanoseconds(health.Interval),
        Timeout = Nanoseconds(health.Timeout),
        Retries = health.Retries,
        StartPeriod = Nanoseconds(health.StartPeriod),
    };

    private static long? Nanoseconds(TimeSpan? duration) => duration is { } d ? d.Ticks * 100 : null;

    public static TimeSpan? FromNanoseconds(long? nanoseconds) => nanoseconds is > 0 ? TimeSpan.FromTicks(nanoseconds.Value / 100) : null;

    public static ContainerState ToState(ContainerInspectBody body)
    {
        var ports = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var (containerPort, bindings) in body.NetworkSettings?.Ports ?? [])
        {
            ports[containerPort] = bindings is null
                ? []
                : [.. bindings
                    .Select(b => int.TryParse(b.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0)
                    .Where(port => port > 0)
                    .Distinct()];
        }

        var ips = (body.NetworkSettings?.Networks ?? [])
            .Where(n => !string.IsNullOrEmpty(n.Value.IPAddress))
            .ToDictionary(n => n.Key, n => n.Value.IPAddress!, StringComparer.Ordinal);
        var state = body.State;
        return new ContainerState(
            body.Id ?? "",
            (body.Name ?? "").TrimStart('/'),
            state?.Status ?? "unknown",
            state?.Running ?? false,
            state?.ExitCode ?? 0,
            string.IsNullOrEmpty(state?.Health?.Status) ? null : state.Health.Status,
            ports,
            ips,
            body.Config?.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }
}
