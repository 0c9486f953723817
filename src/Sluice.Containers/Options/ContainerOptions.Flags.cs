using System.Globalization;

namespace Sluice.Containers;

/// <summary>The table of supported docker-create flags and how each one's value is read.</summary>
public sealed partial class ContainerOptions
{
    private static readonly Dictionary<string, Flag> Flags = BuildFlags(
    [
        new("--health-cmd", null, "\"pg_isready -U postgres\"", (o, v, f) => o.HealthCmd = NotEmpty(v, f)),
        new("--health-interval", null, "10s", (o, v, f) => o.HealthInterval = Duration(v, f)),
        new("--health-timeout", null, "5s", (o, v, f) => o.HealthTimeout = Duration(v, f)),
        new("--health-retries", null, "5", (o, v, f) => o.HealthRetries = Count(v, f)),
        new("--health-start-period", null, "30s", (o, v, f) => o.HealthStartPeriod = Duration(v, f)),
        new("--no-healthcheck", null, null, (o, v, f) => o.NoHealthcheck = Bool(v, f)),
        new("--env", "-e", "NAME=value", (o, v, f) => o.env.Add(EnvEntry(v, f))),
        new("--user", "-u", "1000:1000", (o, v, f) => o.User = NotEmpty(v, f)),
        new("--hostname", "-h", "db", (o, v, f) => o.Hostname = NotEmpty(v, f)),
        new("--network-alias", null, "db", (o, v, f) => o.NetworkAliases.Add(NotEmpty(v, f))),
        new("--cpus", null, "1.5", (o, v, f) => o.NanoCpus = DockerUnits.ParseNanoCpus(v!) ?? throw Malformed(f, v, "a number of CPUs above 0, e.g. 1.5")),
        new("--memory", "-m", "512m", (o, v, f) => o.Memory = DockerUnits.ParseBytes(v!) ?? throw Malformed(f, v, "a size such as 512m or 2g")),
        new("--workdir", "-w", "/work", (o, v, f) => o.WorkingDir = AbsolutePath(v, f)),
        new("--entrypoint", null, "/bin/sh", (o, v, _) => o.Entrypoint = v),
        new("--privileged", null, null, (o, v, f) => o.Privileged = Bool(v, f)),
        new("--cap-add", null, "NET_ADMIN", (o, v, f) => o.CapAdd.Add(NotEmpty(v, f))),
        new("--tmpfs", null, "/run:size=64m", (o, v, f) => AddTmpfs(o, v, f)),
        new("--volume", "-v", "/host/path:/container/path:ro", (o, v, f) => o.Volumes.Add(Volume(v, f))),
        new("--label", "-l", "key=value", (o, v, f) => AddLabel(o, v, f)),
        new("--add-host", null, "db.local:10.0.0.5", (o, v, f) => o.ExtraHosts.Add(ExtraHost(v, f))),
    ]);

    private static Dictionary<string, Flag> BuildFlags(Flag[] flags)
    {
        var byName = new Dictionary<string, Flag>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            byName[flag.Long] = flag;
            if (flag.Short is not null)
            {
                byName[flag.Short] = flag;
            }
        }

        return byName;
    }

    /// <summary>Which flag a word is, as written, and its value when attached ("--env=A=1", "-eA=1", "-e=A=1").</summary>
    private static (Flag Flag, string Written, string? InlineValue) Identify(string word)
    {
        string name;
        string? inline = null;
        if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            name = equals < 0 ? word : word[..equals];
            inline = equals < 0 ? null : word[(equals + 1)..];
        }
        else if (word.Length >= 2 && word[0] == '-' && word[1] != '-')
        {
            name = word[..2];
            var rest = word[2..];
            inline = rest.Length == 0 ? null : rest.StartsWith('=') ? rest[1..] : rest;
        }
        else
        {
            throw new ContainerOptionsException(
                $"container options: unexpected '{word}'; every value must follow its option, and a value with spaces must be quoted. Supported options: {SupportedList}.",
                word);
        }

        if (name == "--name")
        {
            throw new ContainerOptionsException("container option --name is not allowed: Sluice names the containers of a run itself (they are labelled with the run, and removed with it).", name);
        }

        if (!Flags.TryGetValue(name, out var flag))
        {
            throw new ContainerOptionsException($"container option {name} is not supported by sluice run. Supported options: {SupportedList}.", name);
        }

        if (!flag.TakesValue && inline is not null && name.Length == 2)
        {
            throw new ContainerOptionsException($"container option {name} takes no value (in '{word}').", name);
        }

        return (flag, name, inline);
    }

    private static string SupportedList => string.Join(", ", Supported.Select(s => s.Replace(", ", "/", StringComparison.Ordinal)));

    private static ContainerOptionsException Malformed(string flag, string? value, string expected) =>
        new($"container option {flag} '{value}' is not valid: expected {expected}.", flag);

    private static string NotEmpty(string? value, string flag) =>
        string.IsNullOrWhiteSpace(value) ? throw Malformed(flag, value, "a value that is not empty") : value;

    private static TimeSpan Duration(string? value, string flag) =>
        DockerUnits.ParseDuration(value ?? "") ?? throw Malformed(flag, value, "a duration such as 10s, 1m30s or 500ms");

    private static int Count(string? value, string flag) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw Malformed(flag, value, "a whole number, 0 or more");

    private static bool Bool(string? value, string flag) => value switch
    {
        null or "true" or "True" or "TRUE" or "t" or "T" or "1" => true,
        "false" or "False" or "FALSE" or "f" or "F" or "0" => false,
        _ => throw Malformed(flag, value, "true or false"),
    };

    private static string AbsolutePath(string? value, string flag) =>
        value is { Length: > 0 } && value[0] == '/' ? value : throw Malformed(flag, value, "an absolute path in the container, e.g. /work");

    private static (string Name, string? Value) EnvEntry(string? value, string flag)
    {
        var text = value ?? "";
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? text : text[..equals];
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c == '\0'))
        {
            throw Malformed(flag, value, "NAME=value or NAME, with a name that is not empty and has no blanks");
        }

        return (name, equals < 0 ? null : text[(equals + 1)..]);
    }

    private static void AddLabel(ContainerOptions options, string? value, string flag)
    {
        var text = value ?? "";
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? text : text[..equals];
        if (key.Length == 0)
        {
            throw Malformed(flag, value, "key=value or key");
        }

        options.Labels[key] = equals < 0 ? "" : text[(equals + 1)..];
    }

    private static void AddTmpfs(ContainerOptions options, string? value, string flag)
    {
        var text = value ?? "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var path = colon < 0 ? text : text[..colon];
        options.Tmpfs[AbsolutePath(path, flag)] = colon < 0 ? "" : text[(colon + 1)..];
    }

    private static string Volume(string? value, string flag)
    {
        var parts = (value ?? "").Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !parts[1].StartsWith('/') || (parts.Length == 3 && parts[2].Length == 0))
        {
            throw Malformed(flag, value, "host-path:container-path with an optional :ro (or other mount options), e.g. /srv/data:/data:ro");
        }

        return value!;
    }

    private static string ExtraHost(string? value, string flag)
    {
        var text = value ?? "";
        var separator = text.IndexOfAny(['=', ':']);
        if (separator <= 0 || separator == text.Length - 1)
        {
            throw Malformed(flag, value, "hostname:ip, e.g. db.local:10.0.0.5");
        }

        return $"{text[..separator]}:{text[(separator + 1)..]}";
    }

    /// <summary>One supported flag: its names, an example value (null for a switch) and how it sets its value.</summary>
    private sealed record Flag(string Long, string? Short, string? Example, Action<ContainerOptions, string?, string> Apply)
    {
        public bool TakesValue => Example is not null;
    }
}
