namespace Sluice.Containers.Tests;

/// <summary>
/// The real engine the tests run against: SLUICE_TEST_DOCKER_HOST, which scripts/container-engine.sh prints
/// (./test.sh sets it). Without it the engine tests fail with a message saying so, rather than skip silently.
/// </summary>
public static class TestEngine
{
    public const string Variable = "SLUICE_TEST_DOCKER_HOST";

    /// <summary>The offline busybox image scripts/container-engine.sh builds.</summary>
    public const string Image = "localhost/sluice-test/busybox:latest";

    /// <summary>The label every container and network a test makes carries, so that leftovers can be found.</summary>
    public const string Label = "sluice.test";

    public static string DockerHost =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } host
            ? host
            : throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a Docker-compatible engine. Run `export {Variable}=\"$(scripts/container-engine.sh)\"` "
                + "from the repository root (it starts podman's API service and builds the test image), or run ./test.sh, which does it.");

    public static ContainerEngine Connect(ContainerEngineOptions? options = null) => ContainerEngine.Connect(DockerHost, options);
}
