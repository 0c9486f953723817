namespace Sluice.Containers.Tests;

/// <summary>Failures a real engine cannot be made to show on demand, against <see cref="FakeEngine"/>.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_pull_that_stops_making_progress_fails_after_the_idle_timeout_with_advice()
    {
        const string Line = "{\"status\":\"Pulling fs layer\",\"id\":\"layer1\"}\r\n";
        await using var fake = new FakeEngine(_ => new FakeEngine.Reply(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + $"{Line.Length:x}\r\n{Line}\r\n",
            HoldOpen: true));
        using var engine = ContainerEngine.Connect(fake.Address, new ContainerEngineOptions { PullIdleTimeout = TimeSpan.FromMilliseconds(300) });
        List<string> progress = [];

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.PullAsync("example.test/app:1", progress.Add)).Timed();

        Assert.Equal(["layer1: Pulling fs layer"], progress);
        Assert.Contains("no progress for 300 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("offline machine needs the image present beforehand", error.Message, StringComparison.Ordinal);
        Assert.Equal(["POST /v1.41/images/create?fromImage=example.test%2Fapp&tag=1 HTTP/1.1"], fake.Requests);
    }

    [Fact]
    public async Task An_error_answer_that_is_not_json_is_shown_as_text_with_its_status()
    {
        await using var fake = new FakeEngine(_ => new FakeEngine.Reply("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 14\r\n\r\nproxy is down\n"));
        using var engine = ContainerEngine.Connect(fake.Address);

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.InspectAsync("abc")).Timed();

        Assert.Equal("inspecting container abc: proxy is down (HTTP 502)", error.Message);
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("proxy is down", error.EngineMessage);
    }

    [Fact]
    public async Task An_error_answer_with_an_empty_body_names_the_status()
    {
        await using var fake = new FakeEngine(_ => new FakeEngine.Reply("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
        using var engine = ContainerEngine.Connect(fake.Address);

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.StartAsync("abc")).Timed();

        Assert.Equal("starting container abc: the engine answered HTTP 503 Service Unavailable", error.Message);
        Assert.Null(error.EngineMessage);
    }

    [Fact]
    public async Task A_connection_that_breaks_off_mid_answer_says_so()
    {
        await using var fake = new FakeEngine(_ => new FakeEngine.Reply("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"Id\":"));
        using var engine = ContainerEngine.Connect(fake.Address);

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.InspectAsync("abc")).Timed();

        Assert.Contains("broke off", error.Message, StringComparison.Ordinal);
        Assert.Contains(fake.Address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_the_client_cannot_read_is_an_engine_error_not_a_crash()
    {
        await using var fake = new FakeEngine(_ => FakeEngine.Json(200, "[1, 2, 3]"));
        using var engine = ContainerEngine.Connect(fake.Address);

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.InspectAsync("abc")).Timed();

        Assert.Contains("JSON Sluice cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_an_engine_is_told_apart_at_the_ping()
    {
        await using var fake = new FakeEngine(_ => new FakeEngine.Reply("HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n<html>hi</html>"));
        using var engine = ContainerEngine.Connect(fake.Address);

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.PingAsync()).Timed();

        Assert.Contains("answered the ping with '<html>hi</html>' instead of OK", error.Message, StringComparison.Ordinal);
        Assert.Contains("set DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_whose_ping_does_not_name_it_is_asked_for_its_version()
    {
        await using var fake = new FakeEngine(request => request.StartsWith("GET /_ping", StringComparison.Ordinal)
            ? new FakeEngine.Reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")
            : FakeEngine.Json(200, """{"Version":"5.0.1","ApiVersion":"1.44","Os":"linux","Components":[{"Name":"Podman Engine","Version":"5.0.1"}]}"""));
        using var engine = ContainerEngine.Connect(fake.Address);

        var info = await engine.PingAsync().Timed();

        Assert.Equal(new EngineInfo("Podman Engine", "5.0.1", "1.44", "linux", IsPodman: true), info);
    }

    [Fact]
    public async Task Exec_output_that_breaks_off_is_an_engine_error()
    {
        await using var fake = new FakeEngine(request => request.Contains("/exec/x1/start", StringComparison.Ordinal)
            ? new FakeEngine.Reply("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nContent-Length: 100\r\n\r\n\u0001\0\0\0\0\0\0\u0003hi\n")
            : FakeEngine.Json(201, """{"Id":"x1"}"""));
        using var engine = ContainerEngine.Connect(fake.Address);
        List<string> stdout = [];

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => engine.ExecAsync(new ExecSpec("c1", ["true"]), stdout.Add, _ => { })).Timed();

        // Whether "hi" arrives before the break depends on when HttpClient notices the early end of the body
        // (it may fail the first read with the bytes still buffered), so only the error is certain.
        // Depending on that moment the break is seen while the stream opens or while it is read: either way the
        // error names the command, says the engine's answer broke off, and asks whether the engine still runs.
        Assert.True(stdout.Count == 0 || stdout.SequenceEqual(["hi"]), string.Join("|", stdout));
        Assert.StartsWith("running `true` in container c1: the ", error.Message, StringComparison.Ordinal);
        Assert.Contains("broke off", error.Message, StringComparison.Ordinal);
        Assert.Contains("is the engine still running?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_that_make_no_sense_are_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ContainerEngine.Connect("unix:///x.sock", new ContainerEngineOptions { RequestTimeout = TimeSpan.Zero }));

        Assert.Equal("RequestTimeout", error.ParamName);
        await Task.CompletedTask;
    }
}
