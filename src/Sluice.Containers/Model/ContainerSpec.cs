namespace Sluice.Containers;

/// <summary>
/// What to create a container from: the image and everything <c>docker create</c> would set. Collections start
/// empty and are filled in place (also by <see cref="ContainerOptions.ApplyTo"/>); null scalars take the image's or
/// the engine's defaults.
/// </summary>
public sealed class ContainerSpec
{
    /// <summary>The image reference, e.g. "postgres:16" or "ghcr.io/owner/image@sha256:...".</summary>
    public required string Image { get; set; }

    /// <summary>The container's name, or null for one the engine makes up.</summary>
    public string? Name { get; set; }

    /// <summary>The entrypoint, or null for the image's own; an empty list clears the image's.</summary>
    public IList<string>? Entrypoint { get; set; }

    /// <summary>The command (the entrypoint's arguments), or null for the image's own.</summary>
    public IList<string>? Cmd { get; set; }

    /// <summary>Environment variables, added to the image's.</summary>
    public IDictionary<string, string> Env { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Bind mounts, "host-path:container-path" with an optional ":ro" (or other mount options).</summary>
    public IList<string> Binds { get; } = [];

    /// <summary>The network to attach the container to, or null for the engine's default network.</summary>
    public string? NetworkName { get; set; }

    /// <summary>Names other containers on <see cref="NetworkName"/> reach this one by (the service id, for services).</summary>
    public IList<string> NetworkAliases { get; } = [];

    /// <summary>Ports to publish on the host; each is exposed as well.</summary>
    public IList<PortMapping> PortBindings { get; } = [];

    /// <summary>The working directory, or null for the image's.</summary>
    public string? WorkingDir { get; set; }

    /// <summary>"user", "uid" or "uid:gid" to run as, or null for the image's user.</summary>
    public string? User { get; set; }

    /// <summary>The container's hostname, or null for the engine's (its short id).</summary>
    public string? Hostname { get; set; }

    /// <summary>Labels, e.g. Sluice's run id, so that leftovers can be found with <see cref="ContainerEngine.ListAsync"/>.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The health check, or null for the image's own (if any).</summary>
    public HealthcheckSpec? Healthcheck { get; set; }

    /// <summary>Run with all capabilities and devices (docker --privileged).</summary>
    public bool Privileged { get; set; }

    /// <summary>Extra Linux capabilities, e.g. "NET_ADMIN".</summary>
    public IList<string> CapAdd { get; } = [];

    /// <summary>tmpfs mounts: container path → mount options ("" for the defaults), e.g. "/run" → "size=64m".</summary>
    public IDictionary<string, string> Tmpfs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The memory limit in bytes, or null for none.</summary>
    public long? Memory { get; set; }

    /// <summary>The CPU limit in billionths of a CPU (1.5 CPUs = 1_500_000_000), or null for none.</summary>
    public long? NanoCpus { get; set; }

    /// <summary>Extra /etc/hosts lines as "hostname:ip".</summary>
    public IList<string> ExtraHosts { get; } = [];
}
