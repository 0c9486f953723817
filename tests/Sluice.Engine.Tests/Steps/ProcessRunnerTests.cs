using System.Globalization;
using Sluice.Engine.Steps;
using static Sluice.Engine.Tests.Steps.StepTestSupport;

namespace Sluice.Engine.Tests.Steps;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task The_environment_is_exactly_what_was_given()
    {
        Environment.SetEnvironmentVariable("SLUICE_SHOULD_NOT_LEAK", "leaked");
        var environment = new Dictionary<string, string>(MinimalEnvironment) { ["GIVEN"] = "given value" };

        var run = await RunScriptAsync("sh", "echo \"given=$GIVEN\"\necho \"leak=${SLUICE_SHOULD_NOT_LEAK-absent}\"\nenv | cut -d= -f1 | sort\n", _scratch.Path, environment);

        Assert.Equal("given=given value", run.Stdout[0]);
        Assert.Equal("leak=absent", run.Stdout[1]);
        Assert.DoesNotContain("HOME", run.Stdout.Skip(2));
        Assert.Contains("GIVEN", run.Stdout.Skip(2));
    }

    [Fact]
    public async Task The_process_runs_in_the_given_working_directory()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_scratch.Path, "work dir")).FullName;
        var invocation = Shells.Prepare("sh", "pwd", _scratch.Path);
        var lines = new List<string>();

        var outcome = await new ProcessRunner()
            .RunAsync(new ProcessSpec(invocation.FileName, invocation.Arguments, directory, MinimalEnvironment, null), lines.Add, _ => { }, CancellationToken.None)
            .WaitAsync(AwaitTimeout);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal([directory], lines);
    }

    [Fact]
    public async Task Lines_arrive_in_order_per_stream_and_decoded_as_utf8()
    {
        var run = await RunScriptAsync(null, "for i in $(seq 1 500); do echo \"out $i\"; echo \"err $i\" >&2; done\necho 'héllo wörld ✓ 日本'\n", _scratch.Path);

        Assert.Equal([.. Enumerable.Range(1, 500).Select(i => $"out {i}"), "héllo wörld ✓ 日本"], run.Stdout);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => $"err {i}"), run.Stderr);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(255)]
    public async Task The_exit_code_is_reported(int code)
    {
        var run = await RunScriptAsync("sh", $"exit {code}", _scratch.Path);

        Assert.Equal(new ProcessOutcome(code, ProcessEnd.Exited), run.Outcome);
    }

    [Fact]
    public async Task A_timeout_stops_the_whole_tree_including_a_background_grandchild()
    {
        var grandchild = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = await RunScriptAsync(null, "sleep 1000 &\necho \"grandchild $!\"\nwait\n", _scratch.Path, timeout: TimeSpan.FromSeconds(2), onStdoutLine: line => grandchild.TrySetResult(ParsePid(line)));

        Assert.Equal(ProcessEnd.TimedOut, run.Outcome.End);
        Assert.NotEqual(0, run.Outcome.ExitCode);
        Assert.False(IsRunning(await grandchild.Task.WaitAsync(AwaitTimeout)), "the backgrounded sleep survived the timeout");
    }

    [Fact]
    public async Task Cancellation_stops_the_whole_tree_including_a_background_grandchild()
    {
        using var cancellation = new CancellationTokenSource();
        var grandchild = 0;
        var runner = new ProcessRunner();
        var invocation = Shells.Prepare(null, "sleep 1000 &\necho \"grandchild $!\"\nwait\n", _scratch.Path);
        var spec = new ProcessSpec(invocation.FileName, invocation.Arguments, _scratch.Path, MinimalEnvironment, Timeout: null);

        var outcome = await runner
            .RunAsync(spec, line => { grandchild = ParsePid(line); cancellation.Cancel(); }, _ => { }, cancellation.Token)
            .WaitAsync(AwaitTimeout);

        Assert.Equal(ProcessEnd.Cancelled, outcome.End);
        Assert.NotEqual(0, grandchild);
        Assert.False(IsRunning(grandchild), "the backgrounded sleep survived cancellation");
    }

    [Fact]
    public async Task Cancellation_stops_a_grandchild_that_left_the_process_group_and_signals_only_that_one_apart_from_the_group()
    {
        using var cancellation = new CancellationTokenSource();
        int[] pids = [];
        int[] outside = [];
        var invocation = Shells.Prepare(
            "bash",
            """
            sleep 1000 &
            inside=$!
            setsid sleep 1000 &
            outside=$!
            until [ "$(cut -d' ' -f5 /proc/$outside/stat)" = "$outside" ]; do sleep 0.01; done
            echo "$$ $inside $outside"
            wait
            """,
            _scratch.Path);
        var spec = new ProcessSpec(invocation.FileName, invocation.Arguments, _scratch.Path, MinimalEnvironment, Timeout: null);

        var outcome = await new ProcessRunner()
            .RunAsync(
                spec,
                line =>
                {
                    pids = [.. line.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
                    var table = ProcTable.Read();
                    outside = [.. table.OutsideGroup(table.TreeOf(pids[0]), pids[0])];
                    cancellation.Cancel();
                },
                _ => { },
                cancellation.Token)
            .WaitAsync(AwaitTimeout);

        Assert.Equal(ProcessEnd.Cancelled, outcome.End);
        Assert.Equal(3, pids.Length);
        // The shell and the sleep in its group get SIGTERM through the group alone (once each), the one that left it directly.
        Assert.Equal([pids[2]], outside);
        Assert.False(IsRunning(pids[1]), "the backgrounded sleep in the group survived cancellation");
        Assert.False(IsRunning(pids[2]), "the sleep that left the group survived cancellation");
    }

    [Fact]
    public async Task A_process_that_finishes_in_time_is_not_reported_as_timed_out()
    {
        var run = await RunScriptAsync("sh", "echo done", _scratch.Path, timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(new ProcessOutcome(0, ProcessEnd.Exited), run.Outcome);
        Assert.Equal(["done"], run.Stdout);
    }

    private static int ParsePid(string line) =>
        int.Parse(line["grandchild ".Length..], CultureInfo.InvariantCulture);

    // A zombie (state Z) is dead and only waits for init to reap it.
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
