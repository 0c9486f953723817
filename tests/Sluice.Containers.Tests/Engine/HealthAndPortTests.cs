namespace Sluice.Containers.Tests;

public sealed class HealthAndPortTests(RunningContainer plain) : EngineTest, IClassFixture<RunningContainer>
{
    [Fact]
    public async Task A_passing_health_check_makes_the_container_healthy()
    {
        var spec = Busybox();
        spec.Healthcheck = new HealthcheckSpec { Test = ["CMD-SHELL", "test -d /tmp"], Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(2), Retries = 3 };
        var id = await StartAsync(spec);

        var state = await Engine.WaitForHealthAsync(id, TimeSpan.FromSeconds(20), Token).Timed();

        Assert.Equal("healthy", state.Health);
    }

    [Fact]
    public async Task A_failing_health_check_makes_the_container_unhealthy_after_its_retries()
    {
        var spec = Busybox();
        spec.Healthcheck = new HealthcheckSpec { Test = ["CMD", "false"], Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(2), Retries = 2 };
        var id = await StartAsync(spec);

        var state = await Engine.WaitForHealthAsync(id, TimeSpan.FromSeconds(20), Token).Timed();

        Assert.Equal("unhealthy", state.Health);
    }

    [Fact]
    public async Task A_container_without_a_health_check_has_no_health_and_is_not_waited_for()
    {
        var state = await Engine.WaitForHealthAsync(plain.Id, TimeSpan.FromSeconds(20), Token).Timed();

        Assert.Null(state.Health);
        Assert.True(state.Running);
    }

    [Fact]
    public async Task A_published_port_answers_on_loopback()
    {
        var spec = NetworkTests.WebServer();
        spec.PortBindings.Add(PortMapping.Parse("8080"));
        var id = await StartAsync(spec);
        await ExecAsync(new ExecSpec(id, ["sh", "-c", "for i in $(seq 1 100); do wget -q -O /dev/null http://127.0.0.1:8080/ && exit 0; sleep 0.1; done; exit 1"]));

        var state = await Engine.InspectAsync(id, Token).Timed();
        var hostPort = state.HostPortFor("8080");

        Assert.NotNull(hostPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{hostPort}/"), Token).Timed();
        Assert.Equal("hello from web\n", body);
    }
}
