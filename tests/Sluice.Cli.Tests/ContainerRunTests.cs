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
    public async Task On_podman_without_its_DNS_plugin_a_container_job_fails_before_its_steps_and_a_job_on_this_machine_is_warned()
    {
        await _temp.CommitAsync(".github/workflows/ci.yml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                container: localhost/sluice-test/busybox:latest
                services:
                  web: { image: "localhost/sluice-test/web:latest" }
                steps:
                  - run: echo "the step ran"; wget -qO- http://web:8080/
              on-host:
                runs-on: ubuntu-latest
                services:
                  web: { image: "localhost/sluice-test/web:latest", ports: ["8080"] }
                steps:
                  - run: echo "published on ${{ job.services.web.ports['8080'] }}"
            """);
        await using var podman = await PodmanWithoutDnsPlugin.StartAsync(_temp.CreateDirectory("podman"));

        var result = await SluiceProcess.RunWithEnvironmentAsync(_temp.Path, new Dictionary<string, string?> { ["DOCKER_HOST"] = podman.DockerHost }, "run");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = Assert.Single(result.StdoutLines, l => l.StartsWith("[build] error: ", StringComparison.Ordinal));
        Assert.Matches(
            $"^\\[build\\] error: The containers of job 'build' could not start: Podman Engine [0-9.]+ at {podman.DockerHost} made the job's network sluice_[^ ]+_build_[0-9a-f]{{8}} without DNS, "
            + "so the job container cannot reach the services 'web' by name \\(a step would fail with \"bad address\"\\)\\. Podman resolves names on its CNI networks only with the dnsname plugin: "
            + "install it \\(Debian, Ubuntu: `apt-get install golang-github-containernetworking-plugin-dnsname`;",
            error);
        Assert.DoesNotContain("the step ran", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith("[build] Starting the service", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("[on-host] warning: ", StringComparison.Ordinal) && l.Contains("so Docker actions cannot reach the services 'web' by name", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("[on-host] published on ", StringComparison.Ordinal) && l.Length > "[on-host] published on ".Length);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
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
