using System.Text.Json;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice run</c> as a user runs it: a real process in a real git repository.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task RepositoryAsync(string workflow)
    {
        await _temp.GitInitAsync();
        _temp.Write(".github/workflows/ci.yml", workflow);
        await _temp.GitAsync("add", ".");
        await _temp.GitAsync("commit", "-q", "-m", "init");
    }

    [Fact]
    public async Task A_passing_run_prints_prefixed_lines_and_a_table_and_exits_zero()
    {
        await RepositoryAsync("on: push\njobs:\n  hello:\n    runs-on: x\n    steps:\n      - run: echo hi from $GITHUB_JOB\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[hello] hi from hello", result.Stdout);
        Assert.Matches(@"(?m)^hello\s+success\s+\d", result.Stdout);
        Assert.EndsWith("s\n", result.Stdout);
    }

    [Fact]
    public async Task A_failing_run_exits_one_and_json_events_describe_it()
    {
        await RepositoryAsync("on: push\njobs:\n  bad:\n    runs-on: x\n    steps:\n      - id: s\n        run: echo out && exit 2\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "run", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var events = result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("run_started", events[0].GetProperty("event").GetString());
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "line" && e.GetProperty("text").GetString() == "out");
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "step_finished" && e.GetProperty("outcome").GetString() == "failure");
        Assert.Equal("failure", events[^1].GetProperty("result").GetString());
    }

    [Fact]
    public async Task List_prints_the_plan_without_running_anything()
    {
        await RepositoryAsync("on: push\njobs:\n  build:\n    runs-on: x\n    steps: [{ run: touch ran }]\n  test:\n    needs: build\n    runs-on: x\n    strategy:\n      matrix: { os: [a, b] }\n    steps: [{ run: echo t }]\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "run", "--list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  stage 1:\n    build\n  stage 2:\n    test  needs: build  matrix: 2 legs: test (a); test (b)", result.Stdout);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "ran")));
    }

    [Fact]
    public async Task An_event_no_workflow_listens_to_runs_nothing()
    {
        await RepositoryAsync("on: pull_request\njobs:\n  a:\n    runs-on: x\n    steps: [{ run: echo a }]\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "run", "push");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no workflow in", result.Stdout);
    }

    [Fact]
    public async Task An_action_that_cannot_run_here_is_reported_before_anything_starts()
    {
        await RepositoryAsync("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: touch ran\n      - uses: some/action@v1\n");

        var refused = await SluiceProcess.RunAsync(_temp.Path, "run");
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($".github/workflows/ci.yml:7: job 'a', step '__some_action': 'uses: some/action@v1' cannot be fetched: {SluiceProcess.UnreachableActionsHost}/ could not be reached", refused.Stderr);
        Assert.Contains("--skip-unsupported", refused.Stderr);

        var skipped = await SluiceProcess.RunAsync(_temp.Path, "run", "--skip-unsupported");
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("warning: Skipped", skipped.Stdout);
    }

    [Fact]
    public async Task Workflow_dispatch_inputs_are_typed_checked_and_given_defaults()
    {
        await RepositoryAsync("on:\n  workflow_dispatch:\n    inputs:\n      level: { type: choice, options: [info, debug], default: info }\n      dry: { type: boolean, default: false }\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo \"${{ inputs.level }} ${{ inputs.dry && 'dry' || 'real' }}\"\n");

        var ok = await SluiceProcess.RunAsync(_temp.Path, "run", "workflow_dispatch", "--input", "dry=true");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("[a] info dry", ok.Stdout);

        var bad = await SluiceProcess.RunAsync(_temp.Path, "run", "workflow_dispatch", "--input", "level=loud");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not one of the options info, debug", bad.Stderr);
    }

    [Fact]
    public async Task An_invalid_workflow_is_reported_and_nothing_runs()
    {
        await RepositoryAsync("on: push\njobs:\n  first:\n    runs-on: x\n    steps: [{ run: touch first-ran }]\n  a:\n    runs-on: x\n    needs: ghost\n    steps: [{ run: touch ran }]\n");

        var result = await SluiceProcess.RunAsync(_temp.Path, "run");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("depends on unknown job 'ghost'", result.Stderr);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "first-ran")), "no job may run from an invalid workflow");
    }

    [Fact]
    public async Task Outside_a_git_repository_it_is_a_usage_error()
    {
        var result = await SluiceProcess.RunAsync(_temp.Path, "run");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not inside a git repository", result.Stderr);
    }
}
