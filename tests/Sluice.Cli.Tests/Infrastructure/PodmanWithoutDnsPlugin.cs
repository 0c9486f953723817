using System.Diagnostics;

namespace Sluice.Cli.Tests.Infrastructure;

/// <summary>
/// A second podman API service on this machine that behaves as podman does where its DNS plugin is missing (a fresh
/// Debian 12 with podman installed without recommended packages): its CNI plugin folder links every plugin of the
/// machine's except dnsname, so the networks it makes have no DNS. It shares the test engine's storage and images
/// (scripts/container-engine.sh sets them up) and is stopped when disposed.
/// </summary>
public sealed class PodmanWithoutDnsPlugin : IAsyncDisposable
{
    private static readonly string[] CniPluginFolders = ["/usr/local/libexec/cni", "/usr/libexec/cni", "/usr/local/lib/cni", "/usr/lib/cni", "/opt/cni/bin"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _service;

    private PodmanWithoutDnsPlugin(Process service, string socket)
    {
        _service = service;
        DockerHost = $"unix://{socket}";
    }

    /// <summary>The service's address, for DOCKER_HOST.</summary>
    public string DockerHost { get; }

    /// <summary>Starts the service with its files in <paramref name="folder"/> and returns once it listens.</summary>
    public static async Task<PodmanWithoutDnsPlugin> StartAsync(string folder)
    {
        var plugins = CniPluginFolders.FirstOrDefault(f => File.Exists(Path.Combine(f, "bridge")));
        Assert.True(plugins is not null, $"no CNI plugins in {string.Join(", ", CniPluginFolders)}: run scripts/container-engine.sh");
        var withoutDns = Directory.CreateDirectory(Path.Combine(folder, "cni")).FullName;
        foreach (var plugin in Directory.EnumerateFiles(plugins).Where(p => Path.GetFileName(p) != "dnsname"))
        {
            File.CreateSymbolicLink(Path.Combine(withoutDns, Path.GetFileName(plugin)), plugin);
        }

        // CONTAINERS_CONF replaces the machine's containers.conf: keep its settings (the runc runtime, no ulimits).
        const string MachineConf = "/etc/containers/containers.conf";
        var conf = Path.Combine(folder, "containers.conf");
        await File.WriteAllTextAsync(conf, (File.Exists(MachineConf) ? await File.ReadAllTextAsync(MachineConf) : "")
            + $"\n[network]\nnetwork_backend = \"cni\"\ncni_plugin_dirs = [\"{withoutDns}\"]\n");

        var socket = Path.Combine(folder, "podman.sock");
        var start = new ProcessStartInfo("podman") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--log-level=info", "system", "service", "--time=0", $"unix://{socket}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CONTAINERS_CONF"] = conf;
        var service = Process.Start(start) ?? throw new InvalidOperationException("podman did not start");
        var log = new List<string>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        service.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"podman system service ended: {string.Join('\n', log)}"));
                return;
            }

            lock (log)
            {
                log.Add(e.Data);
            }

            if (e.Data.Contains("API service listening", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        service.OutputDataReceived += (_, _) => { };
        service.BeginErrorReadLine();
        service.BeginOutputReadLine();
        var podman = new PodmanWithoutDnsPlugin(service, socket);
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            await podman.DisposeAsync();
            throw;
        }

        return podman;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_service.HasExited)
        {
            _service.Kill(entireProcessTree: true);
        }

        await _service.WaitForExitAsync().WaitAsync(StartTimeout);
        _service.Dispose();
    }
}
