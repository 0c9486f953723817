namespace Sluice.Containers;

/// <summary>
/// The settings of a workflow's <c>container.options</c> or <c>services.&lt;id&gt;.options</c>, a string of
/// <c>docker create</c> options ("--health-cmd pg_isready --health-interval 10s -e A=1"), parsed with shell-like
/// quoting and applied to a <see cref="ContainerSpec"/> with <see cref="ApplyTo"/>.
/// </summary>
/// <remarks>
/// Only options with an effect Sluice can give are taken (<see cref="Supported"/>); any other, and <c>--name</c>
/// (Sluice names its containers), is refused with a message that names it, rather than silently ignored.
/// </remarks>
public sealed partial class ContainerOptions
{
    private readonly List<(string Name, string? Value)> env = [];

    private ContainerOptions()
    {
    }

    /// <summary>--health-cmd: the check, run with the image's shell.</summary>
    public string? HealthCmd { get; private set; }

    /// <summary>--health-interval.</summary>
    public TimeSpan? HealthInterval { get; private set; }

    /// <summary>--health-timeout.</summary>
    public TimeSpan? HealthTimeout { get; private set; }

    /// <summary>--health-retries.</summary>
    public int? HealthRetries { get; private set; }

    /// <summary>--health-start-period.</summary>
    public TimeSpan? HealthStartPeriod { get; private set; }

    /// <summary>--no-healthcheck: turn off the image's health check.</summary>
    public bool NoHealthcheck { get; private set; }

    /// <summary>-e/--env in order: NAME=value, or NAME alone (value from Sluice's own environment, as docker does).</summary>
    public IReadOnlyList<(string Name, string? Value)> Env => env;

    /// <summary>-u/--user.</summary>
    public string? User { get; private set; }

    /// <summary>-h/--hostname.</summary>
    public string? Hostname { get; private set; }

    /// <summary>-w/--workdir.</summary>
    public string? WorkingDir { get; private set; }

    /// <summary>--entrypoint (one program; "" clears the image's entrypoint).</summary>
    public string? Entrypoint { get; private set; }

    /// <summary>--network-alias.</summary>
    public IList<string> NetworkAliases { get; } = [];

    /// <summary>--cpus, in billionths of a CPU.</summary>
    public long? NanoCpus { get; private set; }

    /// <summary>-m/--memory, in bytes.</summary>
    public long? Memory { get; private set; }

    /// <summary>--privileged.</summary>
    public bool? Privileged { get; private set; }

    /// <summary>--cap-add.</summary>
    public IList<string> CapAdd { get; } = [];

    /// <summary>--tmpfs: container path → mount options.</summary>
    public IDictionary<string, string> Tmpfs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>-v/--volume: "host:container[:options]".</summary>
    public IList<string> Volumes { get; } = [];

    /// <summary>-l/--label.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>--add-host, as "hostname:ip".</summary>
    public IList<string> ExtraHosts { get; } = [];

    /// <summary>The options Sluice takes, as a user would write them ("-e, --env").</summary>
    public static IReadOnlyList<string> Supported => [.. Flags.Values.Distinct().OrderBy(f => f.Long, StringComparer.Ordinal).Select(f => f.Short is null ? f.Long : $"{f.Short}, {f.Long}")];

    /// <summary>Parses an options string; null or blank gives no options.</summary>
    /// <exception cref="ContainerOptionsException">An unsupported or malformed option, or broken quoting (the message says which and lists <see cref="Supported"/>).</exception>
    public static ContainerOptions Parse(string? options)
    {
        var parsed = new ContainerOptions();
        if (string.IsNullOrWhiteSpace(options))
        {
            return parsed;
        }

        List<string> words;
        try
        {
            words = ShellWords.Split(options);
        }
        catch (FormatException exception)
        {
            throw new ContainerOptionsException($"container options cannot be read: {exception.Message}", null);
        }

        for (var i = 0; i < words.Count; i++)
        {
            var (flag, written, inlineValue) = Identify(words[i]);
            string? value = inlineValue;
            if (flag.TakesValue && value is null)
            {
                if (i + 1 >= words.Count)
                {
                    throw new ContainerOptionsException($"container option {written} needs a value, e.g. {written} {flag.Example}.", written);
                }

                value = words[++i];
            }

            flag.Apply(parsed, value, written);
        }

        return parsed;
    }

    /// <summary>Like <see cref="Parse"/>, with the error as a message instead of an exception.</summary>
    public static bool TryParse(string? options, out ContainerOptions parsed, out string? error)
    {
        try
        {
            parsed = Parse(options);
            error = null;
            return true;
        }
        catch (ContainerOptionsException exception)
        {
            parsed = new ContainerOptions();
            error = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// Sets these options on <paramref name="spec"/>, over what it had: scalars are replaced, lists and maps
    /// added to. <paramref name="environment"/> gives the values of bare <c>-e NAME</c> options (by default Sluice's
    /// own environment, as docker does; a name it does not know is left out).
    /// </summary>
    public void ApplyTo(ContainerSpec spec, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        environment ??= Environment.GetEnvironmentVariable;
        foreach (var (name, value) in env)
        {
            if ((value ?? environment(name)) is { } resolved)
            {
                spec.Env[name] = resolved;
            }
        }

        spec.User = User ?? spec.User;
        spec.Hostname = Hostname ?? spec.Hostname;
        spec.WorkingDir = WorkingDir ?? spec.WorkingDir;
        spec.Entrypoint = Entrypoint is null ? spec.Entrypoint : [Entrypoint];
        spec.NanoCpus = NanoCpus ?? spec.NanoCpus;
        spec.Memory = Memory ?? spec.Memory;
        spec.Privileged = Privileged ?? spec.Privileged;
        AddAll(spec.NetworkAliases, NetworkAliases);
        AddAll(spec.CapAdd, CapAdd);
        AddAll(spec.Binds, Volumes);
        AddAll(spec.ExtraHosts, ExtraHosts);
        foreach (var (path, mountOptions) in Tmpfs)
        {
            spec.Tmpfs[path] = mountOptions;
        }

        foreach (var (key, value) in Labels)
        {
            spec.Labels[key] = value;
        }

        ApplyHealthcheck(spec);
    }

    private void ApplyHealthcheck(ContainerSpec spec)
    {
        if (NoHealthcheck)
        {
            spec.Healthcheck = new HealthcheckSpec { Test = ["NONE"] };
            return;
        }

        if (HealthCmd is null && HealthInterval is null && HealthTimeout is null && HealthRetries is null && HealthStartPeriod is null)
        {
            return;
        }

        // Without --health-cmd the test stays empty, which the engine reads as "the image's own test".
        var health = spec.Healthcheck ?? new HealthcheckSpec();
        if (HealthCmd is not null)
        {
            health.Test = ["CMD-SHELL", HealthCmd];
        }

        health.Interval = HealthInterval ?? health.Interval;
        health.Timeout = HealthTimeout ?? health.Timeout;
        health.Retries = HealthRetries ?? health.Retries;
        health.StartPeriod = HealthStartPeriod ?? health.StartPeriod;
        spec.Healthcheck = health;
    }

    private static void AddAll(IList<string> target, IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            if (!target.Contains(item))
            {
                target.Add(item);
            }
        }
    }
}
