using Sluice.Engine.Steps;
using static Sluice.Engine.Tests.Steps.StepTestSupport;

namespace Sluice.Engine.Tests.Steps;

public sealed class ShellExecutionTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task The_default_shell_stops_at_the_first_failing_command()
    {
        var run = await RunScriptAsync(null, "echo before\nfalse\necho after\n", _scratch.Path);

        Assert.Equal(["before"], run.Stdout);
        Assert.Equal(new ProcessOutcome(1, ProcessEnd.Exited), run.Outcome);
    }

    [Fact]
    public async Task The_default_shell_fails_when_any_part_of_a_pipeline_fails()
    {
        var run = await RunScriptAsync(null, "exit_3() { return 3; }\nexit_3 | cat\necho after\n", _scratch.Path);

        Assert.Empty(run.Stdout);
        Assert.Equal(3, run.Outcome.ExitCode);
    }

    [Fact]
    public async Task Sh_stops_at_the_first_failing_command()
    {
        var run = await RunScriptAsync("sh", "echo before\nexit 7\necho after\n", _scratch.Path);

        Assert.Equal(["before"], run.Stdout);
        Assert.Equal(7, run.Outcome.ExitCode);
    }

    [Fact]
    public async Task Python_runs_the_script_and_reports_its_exit_code()
    {
        var run = await RunScriptAsync("python", "import sys\nprint('from python', 6 * 7)\nsys.exit(4)\n", _scratch.Path);

        Assert.Equal(["from python 42"], run.Stdout);
        Assert.Equal(4, run.Outcome.ExitCode);
    }

    [Fact]
    public async Task A_custom_template_runs_with_its_own_arguments()
    {
        var run = await RunScriptAsync("bash -c 'echo custom; . {0}'", "echo script\n", _scratch.Path);

        Assert.Equal(["custom", "script"], run.Stdout);
        Assert.Equal(0, run.Outcome.ExitCode);
    }
}
