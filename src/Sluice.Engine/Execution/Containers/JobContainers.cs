using System.Globalization;
using System.Text;
using Sluice.Containers;
using Sluice.Expressions;

namespace Sluice.Engine.Execution.Containers;

/// <summary>
/// The containers of one job, as GitHub's runner makes them in "Initialize containers": a network of the job's
/// own, each service on it under its id (its ports published on 127.0.0.1), the job container with the run's
/// folders mounted, kept alive with <c>tail -f /dev/null</c>; health checks waited for; all of it removed at the end.
/// </summary>
internal sealed partial class JobContainers : IAsyncDisposable
{
    private readonly ContainerEngine _engine;
    private readonly List<string> _containers = [];
    private readonly Action<string> _log;
    private readonly Action<string> _warn;
    private string? _network;

    private JobContainers(ContainerEngine engine, Action<string> log, Action<string> warn)
    {
        _engine = engine;
        _log = log;
        _warn = warn;
    }

    /// <summary>The job container's steps host, or null when the job runs on this machine (services only).</summary>
    public ContainerStepHost? StepHost { get; private set; }

    /// <summary>The <c>job.container</c> and <c>job.services</c> values.</summary>
    public ObjectValue ContainerContext { get; } = new();

    public ObjectValue ServicesContext { get; } = new();

    /// <summary>
    /// Starts everything; on a failure what was started is removed again and a <see cref="ContainerEngineException"/>
    /// or <see cref="ContainerDefinitionException"/> says what went wrong. A network on which the services cannot be
    /// found by name fails a job container before anything starts, and is a warning for a job on this machine.
    /// </summary>
    public static async Task<JobContainers> StartAsync(
        ContainerEngineSource source,
        JobRequest request,
        ContainerDefinition? job,
        IReadOnlyList<(string Id, ContainerDefinition Definition)> services,
        string scratch,
        (Action<string> Line, Action<string> Warning) log,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var engine = await source.GetAsync(cancellationToken).ConfigureAwait(false);
        var containers = new JobContainers(engine, log.Line, log.Warning);
        try
        {
            await containers.StartAllAsync(request, job, services, scratch, source.ServiceNames, timeProvider, cancellationToken).ConfigureAwait(false);
            return containers;
        }
        catch
        {
            await containers.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartAllAsync(JobRequest request, ContainerDefinition? job, IReadOnlyList<(string Id, ContainerDefinition Definition)> services, string scratch, ServiceNameResolution serviceNames, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var prefix = NamePrefix(request);
        var labels = Labels(request);
        _network = prefix;
        _log($"Creating the network {_network}");
        await _engine.CreateNetworkAsync(_network, labels, cancellationToken).ConfigureAwait(false);
        if (services.Count > 0 && await serviceNames.MissingAsync(_engine, _network, cancellationToken).ConfigureAwait(false) is { } noDns)
        {
            var message = ServiceNameResolution.Message(noDns, _engine.Endpoint, services.Select(s => s.Id), containerJob: job is not null);
            if (job is not null)
            {
                throw new ContainerEngineException(message, _engine.Endpoint.ToString());
            }

            _warn(message);
        }

        foreach (var image in services.Select(s => s.Definition.Image).Concat(job is null ? [] : [job.Image]).Distinct(StringComparer.Ordinal))
        {
            await EnsureImageAsync(image, cancellationToken).ConfigureAwait(false);
        }

        var started = new List<(string Id, string ContainerId)>();
        foreach (var (id, definition) in services)
        {
            var spec = SpecFor(definition, $"services.{id}", $"{prefix}_{Sanitize(id)}", labels);
            spec.NetworkAliases.Add(id);
            _log($"Starting the service '{id}' ({definition.Image})");
            started.Add((id, await CreateAndStartAsync(spec, cancellationToken).ConfigureAwait(false)));
        }

        if (job is not null)
        {
            var paths = MountsFor(request, scratch);
            var spec = SpecFor(job, "container", $"{prefix}_job", labels);
            spec.Entrypoint = ["tail"];
            spec.Cmd = ["-f", "/dev/null"];
            spec.Env["HOME"] = JobContainerLayout.Home;
            spec.Env["GITHUB_ACTIONS"] = "true";
            spec.Env["CI"] = "true";
            foreach (var bind in paths.Binds.Reverse())
            {
                spec.Binds.Insert(0, bind);
            }

            spec.Binds.Insert(0, $"{Path.GetFullPath(request.Run.EventPath)}:{JobContainerLayout.EventFile}:ro");
            _log($"Starting the job container ({job.Image})");
            var id = await CreateAndStartAsync(spec, cancellationToken).ConfigureAwait(false);
            ContainerContext.Set("id", ExpressionValue.FromString(id));
            ContainerContext.Set("network", ExpressionValue.FromString(_network));
            var (programs, path) = await ProbeAsync(id, cancellationToken).ConfigureAwait(false);
            paths.Add(request.Run.EventPath, JobContainerLayout.EventFile);
            StepHost = new ContainerStepHost(_engine, id, paths, programs, path, timeProvider);
        }

        foreach (var (id, containerId) in started)
        {
            await WaitHealthyAsync(id, containerId, cancellationToken).ConfigureAwait(false);
            var state = await _engine.InspectAsync(containerId, cancellationToken).ConfigureAwait(false);
            var ports = new ObjectValue();
            foreach (var (key, hostPorts) in state.Ports)
            {
                if (hostPorts.Count > 0)
                {
                    var port = key.EndsWith("/tcp", StringComparison.Ordinal) ? key[..^4] : key;
                    ports.Set(port, ExpressionValue.FromString(hostPorts[0].ToString(CultureInfo.InvariantCulture)));
                }
            }

            var service = new ObjectValue();
            service.Set("id", ExpressionValue.FromString(containerId));
            service.Set("network", ExpressionValue.FromString(_network));
            service.Set("ports", ports);
            ServicesContext.Set(id, service);
        }
    }

    private async Task EnsureImageAsync(string image, CancellationToken cancellationToken)
    {
        if (await _engine.ImageExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _log($"Pulling {image}");
        await _engine.PullAsync(image, line => _log(line), cancellationToken).ConfigureAwait(false);
    }

    private ContainerSpec SpecFor(ContainerDefinition definition, string what, string name, IReadOnlyDictionary<string, string> labels)
    {
        var spec = new ContainerSpec { Image = definition.Image, Name = name, NetworkName = _network };
        foreach (var (key, value) in labels)
        {
            spec.Labels[key] = value;
        }

        if (!string.IsNullOrWhiteSpace(definition.Options))
        {
            try
            {
                ContainerOptions.Parse(definition.Options).ApplyTo(spec);
            }
            catch (FormatException ex)
            {
                throw new ContainerDefinitionException($"'options' of {what}: {ex.Message}");
            }
        }

        foreach (var (key, value) in definition.Env)
        {
            spec.Env[key] = value;
        }

        foreach (var port in definition.Ports)
        {
            try
            {
                spec.PortBindings.Add(PortMapping.Parse(port));
            }
            catch (FormatException ex)
            {
                throw new ContainerDefinitionException($"'ports' of {what}: {ex.Message}");
            }
        }

        foreach (var volume in definition.Volumes)
        {
            spec.Binds.Add(volume);
        }

        return spec;
    }

    private async Task<string> CreateAndStartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var id = await _engine.CreateContainerAsync(spec, cancellationToken).ConfigureAwait(false);
        _containers.Add(id);
        await _engine.StartAsync(id, cancellationToken).ConfigureAwait(false);
        return id;
    }

    private static PathMap MountsFor(JobRequest request, string scratch)
    {
        var paths = new PathMap();
        paths.Add(request.Run.RunDirectory, JobContainerLayout.Work);
        var scratchRoot = Path.GetFullPath(request.Run.ScratchDirectory ?? scratch);
        if (!IsUnder(scratchRoot, request.Run.RunDirectory))
        {
            paths.Add(scratchRoot, JobContainerLayout.Scratch);
        }

        var home = Directory.CreateDirectory(Path.Combine(request.Run.RunDirectory, "home", request.JobKey)).FullName;
        paths.Add(home, JobContainerLayout.Home);
        if (request.Run.ActionCacheDirectory is { Length: > 0 } actions && Directory.Exists(actions))
        {
            paths.Add(actions, JobContainerLayout.Actions, readOnly: true);
        }

        if (request.Run.ActionRepositories.Store?.CacheDirectory is { } fetched && Directory.Exists(fetched))
        {
            paths.Add(fetched, JobContainerLayout.FetchedActions, readOnly: true);
        }

        return paths;
    }

    private static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>Which shells and interpreters the container has, and its PATH, in one exec.</summary>
    private async Task<(Dictionary<string, string?> Programs, string Path)> ProbeAsync(string containerId, CancellationToken cancellationToken)
    {
        var script = new StringBuilder();
        foreach (var program in JobContainerLayout.ProbedPrograms)
        {
            script.Append(CultureInfo.InvariantCulture, $"printf '%s=%s\\n' {program} \"$(command -v {program})\"; ");
        }

        script.Append("printf 'PATH=%s\\n' \"$PATH\"");
        var lines = new List<string>();
        var programs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var path = JobContainerLayout.FallbackPath;
        try
        {
            var result = await _engine.ExecAsync(new ExecSpec(containerId, ["sh", "-c", script.ToString()]), lines.Add, _ => { }, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                return (programs, path);
            }
        }
        catch (ContainerEngineException)
        {
            // No sh in the image: programs are left to the container's PATH and a missing one fails when used.
            return (programs, path);
        }

        foreach (var line in lines)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (name, value) = (line[..equals], line[(equals + 1)..]);
            if (name == "PATH")
            {
                path = value.Length > 0 ? value : path;
            }
            else
            {
                // Empty: not there. A shell may answer with the bare name for its own builtins (busybox's applets).
                programs[name] = value.Length == 0 ? null : value;
            }
        }

        return (programs, path);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in Enumerable.Reverse(_containers))
        {
            try
            {
                // As `docker rm --force` does: no grace period (a container's first process, such as the job
                // container's tail, ignores SIGTERM, and podman would wait its stop timeout for nothing).
                await _engine.StopAsync(id, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                await _engine.RemoveAsync(id, force: true, removeVolumes: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ContainerEngineException ex)
            {
                _log($"Could not remove the container {id[..Math.Min(12, id.Length)]}: {ex.Message}");
            }
        }

        if (_network is not null)
        {
            try
            {
                await _engine.RemoveNetworkAsync(_network, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ContainerEngineException ex)
            {
                _log($"Could not remove the network {_network}: {ex.Message}");
            }
        }
    }

    private static string NamePrefix(JobRequest request)
    {
        var runId = request.Run.Github.TryGetValue("run_id", out var value) ? value.ToDisplayString() : "";
        return $"sluice_{Sanitize(runId)}_{Sanitize(request.JobKey)}_{Guid.NewGuid().ToString("N")[..8]}";
    }

    private static Dictionary<string, string> Labels(JobRequest request) => new(StringComparer.Ordinal)
    {
        ["sluice.run"] = request.Run.Github.TryGetValue("run_id", out var value) ? value.ToDisplayString() : "",
        ["sluice.job"] = request.JobKey,
    };

    /// <summary>Container and network names allow [a-zA-Z0-9_.-].</summary>
    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
