using Sluice.Containers;
using Sluice.Engine.Execution.Containers;

namespace Sluice.Engine.Tests.Containers;

/// <summary>
/// The real container engine the tests use: podman's Docker API, started by scripts/container-engine.sh (./test.sh
/// runs it and exports SLUICE_TEST_DOCKER_HOST), with the images it builds from busybox.
/// </summary>
internal static class TestEngine
{
    /// <summary>busybox with no command of its own.</summary>
    public const string Busybox = "localhost/sluice-test/busybox:latest";

    /// <summary>busybox whose command serves "hello from the service" over HTTP on port 8080 (httpd).</summary>
    public const string Web = "localhost/sluice-test/web:latest";

    public static string DockerHost =>
        Environment.GetEnvironmentVariable("SLUICE_TEST_DOCKER_HOST") is { Length: > 0 } host
            ? host
            : throw new InvalidOperationException("SLUICE_TEST_DOCKER_HOST is not set: run `export SLUICE_TEST_DOCKER_HOST=$(scripts/container-engine.sh)` first (./test.sh does it).");

    public static ContainerEngineSource Source() => new(DockerHost);

    /// <summary>The containers a job left behind (job keys are unique among the tests): none, when it cleaned up after itself.</summary>
    public static async Task<IReadOnlyList<ContainerSummary>> LeftoversAsync(string jobKey)
    {
        using var engine = ContainerEngine.Connect(DockerHost);
        return await engine.ListAsync($"sluice.job={jobKey}", CancellationToken.None);
    }
}
