using System.Net;
using System.Net.Sockets;
using Sluice.Testing.Git;

namespace Sluice.Deployment.Tests;

/// <summary>
/// The image of deploy/container, built by deploy/container/build-image.sh with podman (once per state of the sources:
/// the script names the image by their hash and builds only when it is missing), runs <c>sluice server</c> and
/// <c>sluice agent</c>: the server answers /healthz and /readyz on loopback, and an agent in a second container runs a
/// job (bash and git in the image) to success.
/// </summary>
public sealed class ContainerImageTests : IDisposable
{
    /// <summary>The first build on a machine makes the base image and publishes with Native AOT: minutes, not seconds.</summary>
    private static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _name = $"sluice-image-test-{Guid.NewGuid():N}"[..30];
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-image-").FullName;
    private readonly int _port = FreePort();

    [Fact]
    public async Task The_image_says_its_version_serves_healthz_on_loopback_and_its_agent_runs_a_job_to_success()
    {
        var image = await BuildAsync();
        var version = await Tool.RunAsync(Patience, "podman", "run", "--rm", image, "--version");
        Assert.True(version.ExitCode == 0, version.Describe());
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);

        var repository = new TestRepository(Path.Combine(_root, "served"), Path.Combine(_root, "work"), "tests", "demo");
        repository.Commit("initial", (".github/workflows/ci.yml", """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "ran in $(uname -s) with bash ${BASH_VERSINFO[0]} as $(id -un)"
            """));
        var url = $"http://127.0.0.1:{_port}";
        // The host's network, so that the server listens on the host's loopback only; the repository, mounted for its user.
        using var server = new LiveProcess("podman", "run", "--rm", "--name", _name, "--network", "host", "-v", $"{repository.Work}:/repo:U", image, "server", "--listen", $"127.0.0.1:{_port}", "--data", "/var/lib/sluice/server");
        await server.WaitForLineAsync(l => l.Contains("sluice server listening on", StringComparison.Ordinal), "the server listening", Patience);
        using (var http = new HttpClient { Timeout = Patience })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"{url}/healthz"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"{url}/readyz"))).StatusCode);
        }

        var token = await InServerAsync("token", "create", "--scope", "agent");
        Assert.True(token.ExitCode == 0, token.Describe());
        var added = await InServerAsync("repo", "add", "demo", "/repo");
        Assert.True(added.ExitCode == 0, added.Describe());
        using var agent = new LiveProcess("podman", "run", "--rm", "--name", _name + "-agent", "--network", "host", image, "agent", "--server", url, "--token", token.Stdout, "--name", "in-a-container", "--work", "/var/lib/sluice/agent");
        await agent.WaitForLineAsync(l => l.Contains("is ready; waiting for jobs", StringComparison.Ordinal), "the agent ready", Patience);

        var run = await InServerAsync("trigger", "demo", "--follow");

        Assert.True(run.ExitCode == 0, run.Describe() + "\n--- server ---\n" + server.Output + "\n--- agent ---\n" + agent.Output);
        Assert.Contains("[build] ran in Linux with bash 5 as sluice", run.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var container in new[] { _name, _name + "-agent" })
        {
            Tool.RunAsync(Patience, "podman", "rm", "--force", "--time", "0", container).GetAwaiter().GetResult();
        }

        Directory.Delete(_root, recursive: true);
    }

    private static async Task<string> BuildAsync()
    {
        var engine = await Tool.RunAsync(BuildPatience, Path.Combine(Tool.RepositoryRoot, "scripts", "container-engine.sh"));
        Assert.True(engine.ExitCode == 0, engine.Describe());
        var build = await Tool.RunAsync(BuildPatience, Path.Combine(Tool.RepositoryRoot, "deploy", "container", "build-image.sh"));
        Assert.True(build.ExitCode == 0, build.Describe());
        return build.Stdout.Split('\n')[^1];
    }

    /// <summary>A client verb run inside the server's container, against it, with the admin token of its data folder.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> InServerAsync(params string[] args) =>
        Tool.RunAsync(Patience, "podman", ["exec", _name, "sluice", .. args, "--server", $"http://127.0.0.1:{_port}", "--data", "/var/lib/sluice/server"]);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
