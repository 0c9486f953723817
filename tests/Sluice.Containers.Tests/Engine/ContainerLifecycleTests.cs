namespace Sluice.Containers.Tests;

public sealed class ContainerLifecycleTests : EngineTest
{
    [Fact]
    public async Task A_container_runs_its_command_and_reports_its_exit_code_and_output()
    {
        var spec = Busybox("sh", "-c", "echo to-out; echo to-err >&2; exit 7");
        spec.Name = UniqueName("exit");
        var id = await StartAsync(spec);

        var exitCode = await Engine.WaitForExitAsync(id, Timeouts.Default, Token).Timed();

        var state = await Engine.InspectAsync(id, Token).Timed();
        Assert.Equal(7, exitCode);
        Assert.Equal(7, state.ExitCode);
        Assert.False(state.Running);
        Assert.Equal("exited", state.Status);
        Assert.Equal(spec.Name, state.Name);
        Assert.Equal("1", state.Labels[TestEngine.Label]);
        var logs = await Engine.LogsAsync(id, cancellationToken: Token).Timed();
        Assert.Contains("to-out\n", logs, StringComparison.Ordinal);
        Assert.Contains("to-err\n", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_can_be_limited_to_the_last_lines()
    {
        var id = await StartAsync(Busybox("seq", "1", "50"));
        await Engine.WaitForExitAsync(id, Timeouts.Default, Token).Timed();

        var logs = await Engine.LogsAsync(id, tail: 2, Token).Timed();

        Assert.Equal("49\n50\n", logs);
    }

    [Fact]
    public async Task A_running_container_starts_again_harmlessly_and_is_stopped_and_removed_and_then_gone()
    {
        var id = await StartAsync(Busybox());
        await Engine.StartAsync(id, Token).Timed();
        Assert.True((await Engine.InspectAsync(id, Token).Timed()).Running);

        await Engine.StopAsync(id, TimeSpan.FromSeconds(1), Token).Timed();
        Assert.False((await Engine.InspectAsync(id, Token).Timed()).Running);
        await Engine.RemoveAsync(id, cancellationToken: Token).Timed();

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => Engine.InspectAsync(id, Token)).Timed();
        Assert.True(error.IsNotFound, error.Message);
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_or_stopping_what_does_not_exist_is_fine()
    {
        await Engine.RemoveAsync("sluice-test-never-existed", cancellationToken: Token).Timed();
        await Engine.StopAsync("sluice-test-never-existed", TimeSpan.Zero, Token).Timed();
        await Engine.RemoveNetworkAsync("sluice-test-never-existed", Token).Timed();
    }

    [Fact]
    public async Task Containers_are_listed_by_label_for_cleaning_up_leftovers()
    {
        var run = Guid.NewGuid().ToString("N");
        var spec = Busybox();
        spec.Labels["sluice.test.run"] = run;
        var id = await CreateAsync(spec);
        await CreateAsync(Busybox());

        var listed = await Engine.ListAsync($"sluice.test.run={run}", Token).Timed();

        var only = Assert.Single(listed);
        Assert.Equal(id, only.Id);
        Assert.Equal("created", only.State);
        Assert.Equal(TestEngine.Image, only.Image);
        Assert.Equal(run, only.Labels["sluice.test.run"]);
    }

    [Fact]
    public async Task Creating_from_an_image_that_is_not_present_says_so()
    {
        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => CreateAsync(new ContainerSpec { Image = "localhost/sluice-test/not-here:1" })).Timed();

        Assert.True(error.IsNotFound, error.Message);
        Assert.Contains("not-here", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.EngineMessage);
    }

    [Fact]
    public async Task The_spec_s_settings_reach_the_container()
    {
        var spec = Busybox();
        spec.Env["GREETING"] = "hello world";
        spec.WorkingDir = "/tmp";
        spec.User = "65534";
        spec.Hostname = "sluice-host";
        spec.ExtraHosts.Add("db.example:10.9.8.7");
        spec.Tmpfs["/scratch"] = "size=1m";
        spec.Memory = 64 * 1024 * 1024;
        spec.NanoCpus = 500_000_000;
        spec.Entrypoint = ["sh", "-c"];
        spec.Cmd = ["sleep 3600"];
        var id = await StartAsync(spec);

        var (result, stdout, _) = await ExecAsync(new ExecSpec(id, ["sh", "-c", "echo $GREETING; pwd; id -u; hostname; grep db.example /etc/hosts; mount | grep -c ' /scratch '"]));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello world", stdout[0]);
        Assert.Equal("/tmp", stdout[1]);
        Assert.Equal("65534", stdout[2]);
        Assert.Equal("sluice-host", stdout[3]);
        Assert.Matches(@"^10\.9\.8\.7\s+db\.example", stdout[4]);
        Assert.Equal("1", stdout[5]);
    }
}
