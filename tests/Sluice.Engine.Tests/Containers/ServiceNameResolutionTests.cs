using Sluice.Containers;
using Sluice.Engine.Execution.Containers;

namespace Sluice.Engine.Tests.Containers;

/// <summary>How a run learns whether its engine's job networks resolve service names, and what it tells the user when not.</summary>
public sealed class ServiceNameResolutionTests
{
    private static readonly Sluice.Containers.EngineInfo Podman = new("Podman Engine", "4.3.1", "1.41", "linux", IsPodman: true);
    private static readonly EngineEndpoint Socket = EngineEndpoint.Resolve("unix:///run/podman/podman.sock");

    [Fact]
    public async Task Once_a_job_network_resolves_names_the_engine_is_not_asked_again_in_the_run()
    {
        using var engine = ContainerEngine.Connect(TestEngine.DockerHost);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await engine.PingAsync(timeout.Token);
        var network = $"sluice-test-names-{Guid.NewGuid():N}"[..32];
        await engine.CreateNetworkAsync(network, new Dictionary<string, string> { ["sluice.test"] = "1" }, timeout.Token);
        try
        {
            var check = new ServiceNameResolution();
            var missing = $"sluice-test-missing-{Guid.NewGuid():N}"[..34];
            var notAsked = await Assert.ThrowsAsync<ContainerEngineException>(() => check.MissingAsync(engine, missing, timeout.Token));
            Assert.True(notAsked.IsNotFound, notAsked.Message);

            Assert.Null(await check.MissingAsync(engine, network, timeout.Token));

            // The engine makes every job network alike: after one yes, the next job's network is not asked about.
            Assert.Null(await check.MissingAsync(engine, missing, timeout.Token));
        }
        finally
        {
            await engine.RemoveNetworkAsync(network, CancellationToken.None);
        }
    }

    [Fact]
    public void A_job_container_is_told_which_engine_and_network_lack_DNS_and_which_plugin_to_install()
    {
        var message = ServiceNameResolution.Message(new NetworkDns("sluice_1_build_ab12cd34", Podman, false, "cni"), Socket, ["web", "db"], containerJob: true);

        Assert.Equal(
            "Podman Engine 4.3.1 at unix:///run/podman/podman.sock made the job's network sluice_1_build_ab12cd34 without DNS, "
            + "so the job container cannot reach the services 'web', 'db' by name (a step would fail with \"bad address\"). "
            + "Podman resolves names on its CNI networks only with the dnsname plugin: install it (Debian, Ubuntu: "
            + "`apt-get install golang-github-containernetworking-plugin-dnsname`; Fedora: `dnf install podman-plugins`) and run again.",
            message);
    }

    [Fact]
    public void A_job_on_this_machine_is_told_that_only_Docker_actions_are_hit_and_netavark_needs_aardvark_dns()
    {
        var message = ServiceNameResolution.Message(new NetworkDns("net", Podman, false, "netavark"), Socket, ["web"], containerJob: false);

        Assert.Contains("so Docker actions cannot reach the services 'web' by name", message, StringComparison.Ordinal);
        Assert.Contains("steps on this machine reach them on their published ports", message, StringComparison.Ordinal);
        Assert.EndsWith("only with aardvark-dns: install it (`apt-get install aardvark-dns` or `dnf install aardvark-dns`) and run again.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_network_backend_gets_both_plugins_named()
    {
        var message = ServiceNameResolution.Message(new NetworkDns("net", Podman, false, null), Socket, ["web"], containerJob: true);

        Assert.Contains("golang-github-containernetworking-plugin-dnsname, for CNI networks; aardvark-dns for netavark networks", message, StringComparison.Ordinal);
    }
}
