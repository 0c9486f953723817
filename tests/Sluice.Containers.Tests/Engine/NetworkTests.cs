namespace Sluice.Containers.Tests;

public sealed class NetworkTests : EngineTest
{
    /// <summary>Serves "hello from web" on port 8080 with busybox httpd.</summary>
    internal static ContainerSpec WebServer() =>
        Busybox("sh", "-c", "mkdir -p /www && echo 'hello from web' > /www/index.html && exec httpd -f -p 8080 -h /www");

    [Fact]
    public async Task Containers_on_one_network_reach_each_other_by_alias()
    {
        var network = await CreateNetworkAsync();
        var dns = await Engine.NetworkDnsAsync(network, Token).Timed();
        Assert.True(dns.Enabled, $"{dns.Engine} made {network} without DNS (run scripts/container-engine.sh: it installs podman's DNS plugin)");
        Assert.Null(dns.NetworkBackend);
        var server = WebServer();
        server.NetworkName = network;
        server.NetworkAliases.Add("web");
        var serverId = await StartAsync(server);
        var client = Busybox();
        client.NetworkName = network;
        var clientId = await StartAsync(client);

        // Bounded retries inside the container while httpd starts listening. (busybox-static's wget -T crashes.)
        var (result, stdout, stderr) = await ExecAsync(new ExecSpec(clientId,
            ["sh", "-c", "for i in $(seq 1 100); do wget -q -O - http://web:8080/ && exit 0; sleep 0.1; done; exit 1"]));

        Assert.True(result.ExitCode == 0, string.Join('\n', stderr));
        Assert.Equal(["hello from web"], stdout);
        var serverState = await Engine.InspectAsync(serverId, Token).Timed();
        Assert.True(serverState.NetworkIps.ContainsKey(network), string.Join(", ", serverState.NetworkIps.Keys));
    }

    [Fact]
    public async Task A_network_podman_made_without_DNS_is_reported_with_its_backend_and_its_containers_do_not_find_each_other()
    {
        var network = await CreateNetworkWithoutDnsAsync();

        var dns = await Engine.NetworkDnsAsync(network, Token).Timed();

        Assert.False(dns.Enabled);
        Assert.Equal(network, dns.Network);
        Assert.True(dns.Engine.IsPodman, dns.Engine.ToString());
        Assert.Contains(dns.NetworkBackend, new[] { "cni", "netavark" });

        // What the report stands for: an alias on this network does not resolve.
        var server = WebServer();
        server.NetworkName = network;
        server.NetworkAliases.Add("web");
        await StartAsync(server);
        var client = Busybox();
        client.NetworkName = network;
        var clientId = await StartAsync(client);
        var (result, _, stderr) = await ExecAsync(new ExecSpec(clientId, ["wget", "-q", "-O", "-", "http://web:8080/"]));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wget: bad address 'web:8080'", stderr);
    }

    [Fact]
    public async Task Asking_about_the_DNS_of_a_network_that_does_not_exist_says_it_is_not_found()
    {
        var missing = UniqueName("missing");

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => Engine.NetworkDnsAsync(missing, Token).Timed());

        Assert.True(error.IsNotFound, error.Message);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Networks_are_listed_by_label_and_removed()
    {
        var network = await CreateNetworkAsync();

        var listed = await Engine.ListNetworksAsync(TestEngine.Label, Token).Timed();
        Assert.Contains(listed, n => n.Name == network && n.Labels[TestEngine.Label] == "1");

        await Engine.RemoveNetworkAsync(network, Token).Timed();
        var after = await Engine.ListNetworksAsync(TestEngine.Label, Token).Timed();
        Assert.DoesNotContain(after, n => n.Name == network);
    }
}
