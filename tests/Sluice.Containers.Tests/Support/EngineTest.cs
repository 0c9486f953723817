using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sluice.Containers.Tests;

/// <summary>
/// A test against the real engine: it labels what it creates with <see cref="TestEngine.Label"/> and removes it
/// afterwards, and its calls are bounded by <see cref="Token"/>.
/// </summary>
public abstract class EngineTest : IAsyncLifetime
{
    private readonly ConcurrentBag<string> containers = [];
    private readonly ConcurrentBag<string> networks = [];
    private readonly CancellationTokenSource deadline = new(TimeSpan.FromSeconds(45));

    protected EngineTest(ContainerEngineOptions? options = null)
    {
        Engine = TestEngine.Connect(options);
    }

    protected ContainerEngine Engine { get; }

    /// <summary>Cancelled when the test has run too long, so that no engine call outlives it.</summary>
    protected CancellationToken Token => deadline.Token;

    /// <summary>A name unique to this test, for containers and networks.</summary>
    protected static string UniqueName(string prefix) => $"sluice-test-{prefix}-{Guid.NewGuid():N}"[..40];

    /// <summary>A spec for the test image, labelled, with <paramref name="command"/> (a long sleep by default).</summary>
    protected static ContainerSpec Busybox(params string[] command)
    {
        var spec = new ContainerSpec { Image = TestEngine.Image, Cmd = command.Length == 0 ? ["sleep", "3600"] : command };
        spec.Labels[TestEngine.Label] = "1";
        return spec;
    }

    protected async Task<string> CreateAsync(ContainerSpec spec)
    {
        spec.Labels[TestEngine.Label] = "1";
        var id = await Engine.CreateContainerAsync(spec, Token).Timed();
        containers.Add(id);
        return id;
    }

    protected async Task<string> StartAsync(ContainerSpec spec)
    {
        var id = await CreateAsync(spec);
        await Engine.StartAsync(id, Token).Timed();
        return id;
    }

    protected async Task<string> CreateNetworkAsync()
    {
        var name = UniqueName("net");
        var id = await Engine.CreateNetworkAsync(name, new Dictionary<string, string> { [TestEngine.Label] = "1" }, Token).Timed();
        networks.Add(id);
        return name;
    }

    /// <summary>
    /// A network that podman itself makes without DNS (<c>podman network create --disable-dns</c>, through the test
    /// engine's API socket), as podman makes every network when its DNS plugin is missing.
    /// </summary>
    protected async Task<string> CreateNetworkWithoutDnsAsync()
    {
        var name = UniqueName("nodns");
        var podman = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--remote", "--url", TestEngine.DockerHost, "network", "create", "--disable-dns", "--label", $"{TestEngine.Label}=1", name })
        {
            podman.ArgumentList.Add(argument);
        }

        using var process = Process.Start(podman) ?? throw new InvalidOperationException("podman did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token).Timed();
        Assert.True(process.ExitCode == 0, $"podman network create --disable-dns exited with {process.ExitCode}: {await stdout.Timed()}{await stderr.Timed()}");
        networks.Add(name);
        return name;
    }

    /// <summary>Runs a command in the container and collects its output.</summary>
    protected async Task<(ExecResult Result, List<string> Stdout, List<string> Stderr)> ExecAsync(ExecSpec spec)
    {
        List<string> stdout = [];
        List<string> stderr = [];
        var result = await Engine.ExecAsync(spec, stdout.Add, stderr.Add, Token).Timed();
        return (result, stdout, stderr);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var id in containers)
        {
            await Engine.RemoveAsync(id, cancellationToken: cleanup.Token).Timed();
        }

        foreach (var id in networks)
        {
            await Engine.RemoveNetworkAsync(id, cleanup.Token).Timed();
        }

        Engine.Dispose();
        deadline.Dispose();
    }
}
