namespace Sluice.Cli.Tests;

/// <summary><c>sluice run</c> with Docker container action steps: on the test engine, and where no engine answers.</summary>
public sealed class DockerActionRunTests : IDisposable
{
    private const string Workflow = """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "before"
              - id: boxed
                uses: docker://localhost/sluice-test/busybox:latest
                with: { entrypoint: echo, args: hello from the container }
              - run: echo "after"
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_docker_step_runs_on_the_engine_DOCKER_HOST_names()
    {
        await _temp.CommitAsync(".github/workflows/ci.yml", Workflow);
        var host = Environment.GetEnvironmentVariable("SLUICE_TEST_DOCKER_HOST");
        Assert.False(string.IsNullOrEmpty(host), "SLUICE_TEST_DOCKER_HOST is not set: run `export SLUICE_TEST_DOCKER_HOST=$(scripts/container-engine.sh)` first (./test.sh does it).");

        var result = await SluiceProcess.RunWithEnvironmentAsync(_temp.Path, new Dictionary<string, string?> { ["DOCKER_HOST"] = host }, "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[build] hello from the container", result.StdoutLines);
    }

    [Fact]
    public async Task Without_an_engine_the_run_fails_before_anything_starts_naming_the_file_line_job_and_step()
    {
        await _temp.CommitAsync(".github/workflows/ci.yml", Workflow);
        var socket = Path.Combine(_temp.Path, "no-engine.sock");

        var result = await SluiceProcess.RunWithEnvironmentAsync(_temp.Path, new Dictionary<string, string?> { ["DOCKER_HOST"] = $"unix://{socket}" }, "run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(".github/workflows/ci.yml:7: job 'build', step 'boxed': 'uses: docker://localhost/sluice-test/busybox:latest' is a Docker container action and needs a Docker-compatible container engine", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--skip-unsupported", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(socket, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was run", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("before", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_engine_skip_unsupported_runs_the_rest_and_skips_the_docker_step()
    {
        await _temp.CommitAsync(".github/workflows/ci.yml", Workflow);
        var socket = Path.Combine(_temp.Path, "no-engine.sock");

        var result = await SluiceProcess.RunWithEnvironmentAsync(_temp.Path, new Dictionary<string, string?> { ["DOCKER_HOST"] = $"unix://{socket}" }, "run", "--skip-unsupported");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[build] before", result.StdoutLines);
        Assert.Contains("[build] after", result.StdoutLines);
        Assert.DoesNotContain("hello from the container", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("is skipped (--skip-unsupported)", result.Stderr, StringComparison.Ordinal);
    }
}
