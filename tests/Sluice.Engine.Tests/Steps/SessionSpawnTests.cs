using System.Globalization;
using Sluice.Engine.Steps;
using static Sluice.Engine.Tests.Steps.StepTestSupport;

namespace Sluice.Engine.Tests.Steps;

/// <summary>
/// Starting processes in their own session: with posix_spawn (the default on Linux) and, where that cannot be used,
/// through .NET's Process and setsid. Both must behave the same for everything a step can see.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SessionSpawnTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    public static TheoryData<bool> BothStarters => [true, false];

    [Fact]
    public void Posix_spawn_is_available_on_this_machine()
    {
        // Without it every test here would quietly test the fallback twice.
        Assert.True(SessionSpawner.IsAvailable, "posix_spawn with POSIX_SPAWN_SETSID cannot be used here");
    }

    [Theory]
    [MemberData(nameof(BothStarters))]
    public async Task The_exit_code_is_reported_for_either_starter(bool useSessionSpawner)
    {
        foreach (var code in new[] { 0, 1, 42, 255 })
        {
            var run = await RunAsync(useSessionSpawner, "sh", ["-c", $"exit {code}"]);

            Assert.Equal(new ProcessOutcome(code, ProcessEnd.Exited), run.Outcome);
        }
    }

    [Fact]
    public async Task A_process_killed_by_a_signal_reports_128_plus_the_signal()
    {
        var run = await RunAsync(true, "sh", ["-c", "kill -9 $$"]);

        Assert.Equal(new ProcessOutcome(137, ProcessEnd.Exited), run.Outcome);
    }

    [Theory]
    [MemberData(nameof(BothStarters))]
    public async Task The_environment_is_exactly_the_given_one(bool useSessionSpawner)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = MinimalEnvironment["PATH"],
            ["PLAIN"] = "value",
            ["WITH_EQUALS"] = "a=b=c",
            ["WITH_SPACES"] = "  padded  ",
            ["UNICODE"] = "héllo ✓",
            ["EMPTY"] = "",
        };

        var run = await RunAsync(useSessionSpawner, "env", [], environment: environment);

        Assert.Equal(environment.Select(pair => $"{pair.Key}={pair.Value}").Order(StringComparer.Ordinal), run.Stdout.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BothStarters))]
    public async Task The_process_runs_in_the_given_working_directory(bool useSessionSpawner)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_scratch.Path, "a dir with spaces")).FullName;

        var run = await RunAsync(useSessionSpawner, "pwd", ["-P"], directory);

        Assert.Equal([directory], run.Stdout);
    }

    [Fact]
    public async Task Arguments_reach_the_program_unchanged()
    {
        string[] arguments = ["", "two words", "quote ' and \"", "$HOME", "*", "line\nbreak"];

        var run = await RunAsync(true, "sh", ["-c", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done", "sh", .. arguments]);

        Assert.Equal(["[]", "[two words]", "[quote ' and \"]", "[$HOME]", "[*]", "[line", "break]"], run.Stdout);
    }

    [Fact]
    public async Task Stdout_and_stderr_arrive_as_separate_ordered_lines()
    {
        var run = await RunAsync(true, "sh", ["-c", "for i in 1 2 3; do echo out $i; echo err $i >&2; done; printf 'no newline'"]);

        Assert.Equal(["out 1", "out 2", "out 3", "no newline"], run.Stdout);
        Assert.Equal(["err 1", "err 2", "err 3"], run.Stderr);
    }

    [Fact]
    public async Task Stdin_is_at_its_end_from_the_start()
    {
        var run = await RunAsync(true, "sh", ["-c", "cat; echo after"]);

        Assert.Equal(["after"], run.Stdout);
    }

    [Fact]
    public async Task The_process_leads_its_own_session_and_process_group_with_no_signal_blocked()
    {
        // The process reads its own files: a shell reading them from a child races with the shell blocking every
        // signal around its own fork (dash does), which showed as a blocked mask under load.
        var run = await RunAsync(true, "cat", ["/proc/self/stat", "/proc/self/status"]);

        var stat = run.Stdout[0];
        var pid = run.Stdout.Single(line => line.StartsWith("Pid:", StringComparison.Ordinal))["Pid:".Length..].Trim();
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal(pid, fields[2]);
        Assert.Equal(pid, fields[3]);
        Assert.Equal("SigBlk:\t0000000000000000", run.Stdout.Single(line => line.StartsWith("SigBlk:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_program_missing_from_the_path_is_a_shell_exception_naming_it()
    {
        var error = await Assert.ThrowsAsync<ShellException>(() => RunAsync(true, "sluice-no-such-program", []));

        Assert.Contains("'sluice-no-such-program'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PATH", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothStarters))]
    public async Task A_missing_program_path_is_a_shell_exception_for_either_starter(bool useSessionSpawner)
    {
        var missing = Path.Combine(_scratch.Path, "missing-tool");

        var error = await Assert.ThrowsAsync<ShellException>(() => RunAsync(useSessionSpawner, missing, []));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_working_directory_is_a_shell_exception()
    {
        var missing = Path.Combine(_scratch.Path, "gone");

        var error = await Assert.ThrowsAsync<ShellException>(() => RunAsync(true, "sh", ["-c", "true"], missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_without_a_shebang_line_runs_in_sh_as_execvp_would()
    {
        var script = Path.Combine(_scratch.Path, "plain-script");
        File.WriteAllText(script, "echo \"ran with $# args: $1\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await RunAsync(true, script, ["first"]);

        Assert.Equal(0, run.Outcome.ExitCode);
        Assert.Equal(["ran with 1 args: first"], run.Stdout);
    }

    [Fact]
    public async Task Many_processes_at_once_each_report_their_own_exit_code()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 24).Select(code => RunAsync(true, "sh", ["-c", $"echo {code}; exit {code}"])));

        for (var code = 0; code < runs.Length; code++)
        {
            Assert.Equal(new ProcessOutcome(code, ProcessEnd.Exited), runs[code].Outcome);
            Assert.Equal([code.ToString(CultureInfo.InvariantCulture)], runs[code].Stdout);
        }
    }

    [Theory]
    [MemberData(nameof(BothStarters))]
    public async Task A_timeout_stops_the_tree_including_a_background_grandchild_and_one_that_left_the_group(bool useSessionSpawner)
    {
        var clock = new StepTimeoutClock(TimeSpan.FromMinutes(7));
        var pids = new List<int>();
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ProcessRunner(clock, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)) { UseSessionSpawner = useSessionSpawner };
        var spec = new ProcessSpec("sh", ["-c", "sleep 1000 & echo $!; setsid sleep 1000 & echo $!; wait"], _scratch.Path, MinimalEnvironment, TimeSpan.FromMinutes(7));

        var running = runner.RunAsync(
            spec,
            line =>
            {
                lock (pids)
                {
                    pids.Add(int.Parse(line, CultureInfo.InvariantCulture));
                    if (pids.Count == 2)
                    {
                        bothStarted.TrySetResult();
                    }
                }
            },
            _ => { },
            CancellationToken.None);
        await bothStarted.Task.WaitAsync(AwaitTimeout);
        clock.FireStepTimeout();
        var outcome = await running.WaitAsync(AwaitTimeout);

        Assert.Equal(ProcessEnd.TimedOut, outcome.End);
        Assert.Equal(128 + 15, outcome.ExitCode);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"grandchild {pid} survived the timeout"));
    }

    [Fact]
    public async Task A_step_that_leaves_a_child_running_is_reported_at_once_and_the_child_is_found_by_its_tracking_id()
    {
        var trackingId = Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string>(MinimalEnvironment) { [OrphanReaper.TrackingVariable] = trackingId };

        var run = await RunAsync(true, "sh", ["-c", "sleep 1000 >/dev/null 2>&1 & echo $!"], environment: environment);
        var orphan = int.Parse(run.Stdout[0], CultureInfo.InvariantCulture);

        Assert.Equal(new ProcessOutcome(0, ProcessEnd.Exited), run.Outcome);
        Assert.Contains(orphan, OrphanReaper.Find(trackingId));
        Assert.Equal(1, await OrphanReaper.StopAsync(trackingId, TimeProvider.System, TimeSpan.FromSeconds(5)).WaitAsync(AwaitTimeout));
        Assert.DoesNotContain(orphan, OrphanReaper.Find(trackingId));
    }

    private async Task<Run> RunAsync(bool useSessionSpawner, string program, IReadOnlyList<string> arguments, string? directory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var runner = new ProcessRunner { UseSessionSpawner = useSessionSpawner };
        var spec = new ProcessSpec(program, arguments, directory ?? _scratch.Path, environment ?? MinimalEnvironment, null);
        var outcome = await runner
            .RunAsync(spec, line => { lock (stdout) { stdout.Add(line); } }, line => { lock (stderr) { stderr.Add(line); } }, CancellationToken.None)
            .WaitAsync(AwaitTimeout);
        return new Run(outcome, stdout, stderr);
    }

    // A zombie (state Z) is dead and only waits for its parent or init to reap it.
    private static bool IsRunning(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[text.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The system clock, except that the timer of a step's timeout fires when the test says so.</summary>
    private sealed class StepTimeoutClock(TimeSpan stepTimeout) : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _stepTimers = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != stepTimeout)
            {
                return System.CreateTimer(callback, state, dueTime, period);
            }

            lock (_stepTimers)
            {
                _stepTimers.Add((callback, state));
            }

            return new UnfiredTimer();
        }

        public void FireStepTimeout()
        {
            lock (_stepTimers)
            {
                foreach (var (callback, state) in _stepTimers)
                {
                    callback(state);
                }
            }
        }

        private sealed class UnfiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
