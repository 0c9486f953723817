using System.Diagnostics;
using System.Net.Sockets;

namespace Sluice.Containers.Tests;

public sealed class PingTests
{
    [Fact]
    public async Task Ping_names_the_engine_and_its_version()
    {
        using var engine = TestEngine.Connect();

        var info = await engine.PingAsync().Timed();

        Assert.False(string.IsNullOrWhiteSpace(info.Name));
        Assert.NotEqual("unknown", info.Version);
        Assert.Equal("linux", info.Os);
    }

    [Fact]
    public async Task Ping_of_a_socket_path_that_does_not_exist_fails_at_once_saying_which_endpoint_and_what_to_do()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-no-engine-{Guid.NewGuid():N}.sock");
        using var engine = ContainerEngine.Connect("unix://" + path);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.PingAsync()).Timed();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains($"no Docker-compatible engine answers at unix://{path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("start Docker or `podman system service`, or set DOCKER_HOST", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Ping_of_a_socket_nobody_listens_on_any_more_fails_at_once()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-dead-{Guid.NewGuid():N}.sock");
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
        }

        try
        {
            using var engine = ContainerEngine.Connect("unix://" + path);

            var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.PingAsync()).Timed();

            Assert.Contains("no Docker-compatible engine answers", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ping_of_an_engine_that_accepts_but_never_answers_times_out_instead_of_hanging()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-mute-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        try
        {
            using var engine = ContainerEngine.Connect("unix://" + path, new ContainerEngineOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

            var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.PingAsync()).Timed();

            Assert.Contains("did not answer within 300 ms", error.Message, StringComparison.Ordinal);
            Assert.Contains($"unix://{path}", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Ping_of_a_tcp_port_nobody_listens_on_fails_naming_it()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var engine = ContainerEngine.Connect($"tcp://127.0.0.1:{port}");

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.PingAsync()).Timed();

        Assert.Contains($"no Docker-compatible engine answers at tcp://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Libpod/4.3.1 (linux)", "Podman Engine", "4.3.1", "linux", true)]
    [InlineData("Docker/27.1.1 (linux)", "Docker Engine", "27.1.1", "linux", false)]
    [InlineData("Docker/20.10.7", "Docker Engine", "20.10.7", "unknown", false)]
    public void The_ping_s_server_header_says_which_engine_answered(string server, string name, string version, string os, bool isPodman)
    {
        Assert.Equal(new EngineInfo(name, version, "1.41", os, isPodman), ContainerEngine.FromServerHeader(server, "1.41"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("nginx")]
    [InlineData("Kestrel/1.0")]
    public void Another_server_header_leaves_the_answer_to_the_version_call(string? server)
    {
        Assert.Null(ContainerEngine.FromServerHeader(server, "1.41"));
    }

    [Fact]
    public async Task Cancelling_a_call_is_a_cancellation_not_an_engine_error()
    {
        using var engine = TestEngine.Connect();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.PingAsync(cancelled.Token)).Timed();
    }
}
