using Sluice.Cli.Tests.Infrastructure;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice run</c> with container jobs and services: against the real engine ./test.sh starts
/// (SLUICE_TEST_DOCKER_HOST, from scripts/container-engine.sh), and against an address where nothing answers.
/// </summary>
public sealed class ContainerRunTests : IDisposable
{
    private const string Workflow = """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            container: localhost/sluice-test/busybox:latest
            services:
              web: { image: "localhost/sluice-test/web:latest" }
            steps:
              - run: touch "$GITHUB_WORKSPACE/../../ran"; wget -qO- http://web:8080/
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_container_job_with_a_service_runs_on_the_engine_DOCKER_HOST_names()
    {
        await _temp.CommitAsync(".github/workflows/ci.yml", Workflow);
        var host = Environment.GetEnvironmentVariable("SLUICE_TEST_DOCKER_HOST");
        Assert.False(string.IsNullOrEmpty(host), "SLUICE_TEST_DOCKER_HOST is not set: run `export SLUICE_TEST_DOCKER_HOST=$(scripts/container-engine.sh)` first (./test.sh does it).");

        var result = await SluiceProcess.RunWithEnvironmentAsync(_temp.Path, new Dictionary<string, string?> { ["DOCKER_HOST"] = host }, "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[build] hello from the service", result.StdoutLines);
    }

    [Fact]
    public async Task Without_an_engine_the_run_fails_before_anything_starts_naming_the_job_and_the_address()
    {
        await _temp.CommitAsync(".github/workflows/ci.yml", Workflow);
        var socket = Path.Combine(_temp.Path, "no-engine.sock");

        var result = await SluiceProcess.RunWithEnvironmentAsync(_temp.Path, new Dictionary<string, string?> { ["DOCKER_HOST"] = $"unix://{socket}" }, "run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(".github/workflows/ci.yml:3: job 'build' needs a Docker-compatible container engine", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(socket, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was run", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("job started", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
