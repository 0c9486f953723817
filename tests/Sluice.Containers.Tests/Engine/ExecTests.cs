using System.Diagnostics;

namespace Sluice.Containers.Tests;

public sealed class ExecTests(RunningContainer container) : EngineTest, IClassFixture<RunningContainer>
{
    [Fact]
    public async Task Standard_output_and_error_arrive_separately_and_the_exit_code_is_the_command_s()
    {
        var id = container.Id;

        var (result, stdout, stderr) = await ExecAsync(new ExecSpec(id, ["sh", "-c", "echo one; echo oops >&2; echo two; exit 3"]));

        Assert.Equal(new ExecResult(3, Cancelled: false), result);
        Assert.Equal(["one", "two"], stdout);
        Assert.Equal(["oops"], stderr);
    }

    [Fact]
    public async Task Env_working_directory_and_user_apply_to_the_command()
    {
        var id = container.Id;
        var env = new Dictionary<string, string> { ["FIRST"] = "1", ["SPACED"] = "a b  c" };

        var (result, stdout, _) = await ExecAsync(new ExecSpec(id, ["sh", "-c", "echo \"$FIRST|$SPACED\"; pwd; id -u"], env, WorkingDir: "/etc", User: "65534"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1|a b  c", "/etc", "65534"], stdout);
    }

    [Fact]
    public async Task A_line_written_in_pieces_arrives_whole_and_a_last_line_without_newline_arrives_too()
    {
        var id = container.Id;

        var (_, stdout, stderr) = await ExecAsync(new ExecSpec(id, ["sh", "-c", "printf 'ab'; sleep 0.05; printf 'c\\nde'; sleep 0.05; printf 'f\\r\\nlast'; printf 'partial' >&2"]));

        Assert.Equal(["abc", "def", "last"], stdout);
        Assert.Equal(["partial"], stderr);
    }

    [Fact]
    public async Task Output_written_over_many_frames_keeps_its_order_per_stream()
    {
        var id = container.Id;

        var (result, stdout, stderr) = await ExecAsync(new ExecSpec(id, ["sh", "-c", "for i in $(seq 1 200); do echo out$i; echo err$i >&2; done"]));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"out{i}"), stdout);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"err{i}"), stderr);
    }

    [Fact]
    public async Task Large_output_arrives_complete()
    {
        var id = container.Id;

        // About 1.9 MB: many frames, each larger than the client's read buffer at times.
        var (result, stdout, _) = await ExecAsync(new ExecSpec(id, ["seq", "1", "300000"]));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(300_000, stdout.Count);
        Assert.Equal("1", stdout[0]);
        Assert.Equal("300000", stdout[^1]);
    }

    [Fact]
    public async Task A_command_that_does_not_exist_fails_with_an_exit_code_not_an_exception()
    {
        var id = container.Id;

        var (result, _, _) = await ExecAsync(new ExecSpec(id, ["sh", "-c", "no-such-command"]));

        Assert.Equal(127, result.ExitCode);
    }

    [Fact]
    public async Task Exec_in_a_container_that_does_not_exist_says_so()
    {
        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => ExecAsync(new ExecSpec("sluice-test-never-existed", ["true"]))).Timed();

        Assert.True(error.IsNotFound, error.Message);
    }

    [Fact]
    public async Task Cancelling_stops_a_long_command_promptly_and_says_it_was_cancelled()
    {
        var id = container.Id;
        using var cancel = new CancellationTokenSource();
        List<string> stdout = [];
        var clock = new Stopwatch();

        var result = await Engine.ExecAsync(
            new ExecSpec(id, ["sh", "-c", "echo started; sleep 300"]),
            line =>
            {
                stdout.Add(line);
                clock.Start();
                cancel.Cancel();
            },
            _ => { },
            cancel.Token).Timed();

        Assert.True(result.Cancelled);
        Assert.Equal(143, result.ExitCode);
        Assert.Equal(["started"], stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed} after cancelling");
        Assert.DoesNotContain("sleep 300", await ProcessesAsync(id));
    }

    [Fact]
    public async Task A_command_that_ignores_sigterm_is_killed_after_the_grace_period()
    {
        var id = container.Id;
        using var cancel = new CancellationTokenSource();

        var result = await Engine.ExecAsync(
            new ExecSpec(id, ["sh", "-c", "trap '' TERM; echo started; sleep 300; echo survived"]) { StopGracePeriod = TimeSpan.FromMilliseconds(300) },
            _ => cancel.Cancel(),
            _ => { },
            cancel.Token).Timed();

        Assert.True(result.Cancelled);
        Assert.Equal(137, result.ExitCode);
        Assert.DoesNotContain("sleep 300", await ProcessesAsync(id));
    }

    [Fact]
    public async Task A_callback_that_throws_ends_the_exec_with_its_exception_and_the_process_is_killed()
    {
        var id = container.Id;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Engine.ExecAsync(
            new ExecSpec(id, ["sh", "-c", "echo started; sleep 301"]),
            _ => throw new InvalidOperationException("the consumer broke"),
            _ => { },
            Token)).Timed();

        Assert.Equal("the consumer broke", error.Message);
        Assert.DoesNotContain("sleep 301", await ProcessesAsync(id));
    }

    [Fact]
    public async Task Cancelling_before_the_exec_starts_throws_and_runs_nothing()
    {
        var id = container.Id;
        var marker = $"/tmp/ran-{Guid.NewGuid():N}";
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine.ExecAsync(new ExecSpec(id, ["touch", marker]), _ => { }, _ => { }, cancelled.Token)).Timed();

        var (result, _, _) = await ExecAsync(new ExecSpec(id, ["test", "-e", marker]));
        Assert.Equal(1, result.ExitCode);
    }

    private async Task<string> ProcessesAsync(string id)
    {
        var (_, stdout, _) = await ExecAsync(new ExecSpec(id, ["ps", "-o", "args"]));
        return string.Join('\n', stdout);
    }
}
