namespace Sluice.Containers.Tests;

public sealed class EndpointTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    [InlineData("/tmp/podman.sock", "unix:///tmp/podman.sock")]
    [InlineData("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375")]
    [InlineData("tcp://docker-host", "tcp://docker-host:2375")]
    [InlineData("http://localhost:8080/", "tcp://localhost:8080")]
    [InlineData("tcp://[::1]:2376", "tcp://[::1]:2376")]
    public void An_explicit_address_is_used_as_given(string address, string expected)
    {
        var endpoint = EngineEndpoint.Resolve(address, Env(("DOCKER_HOST", "unix:///ignored.sock")), _ => false);

        Assert.Equal(expected, endpoint.ToString());
    }

    [Fact]
    public void Docker_host_is_used_when_no_address_is_given()
    {
        var endpoint = EngineEndpoint.Resolve(null, Env(("DOCKER_HOST", "unix:///from/env.sock")), _ => true);

        Assert.Equal("/from/env.sock", endpoint.SocketPath);
    }

    [Fact]
    public void Without_either_the_first_existing_well_known_socket_is_used()
    {
        var endpoint = EngineEndpoint.Resolve(null, Env(("XDG_RUNTIME_DIR", "/run/user/1000")), path => path == "/run/user/1000/podman/podman.sock");

        Assert.Equal("/run/user/1000/podman/podman.sock", endpoint.SocketPath);
    }

    [Fact]
    public void Without_any_socket_docker_s_default_is_named_and_the_others_are_listed_for_the_message()
    {
        var endpoint = EngineEndpoint.Resolve(null, Env(("XDG_RUNTIME_DIR", "/run/user/0")), _ => false);

        Assert.Equal("unix:///var/run/docker.sock", endpoint.ToString());
        Assert.Equal(["/run/user/0/podman/podman.sock", "/run/podman/podman.sock"], endpoint.AlsoLookedAt);
    }

    [Theory]
    [InlineData("ssh://user@host")]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("unix://relative.sock")]
    [InlineData("tcp://")]
    public void An_address_sluice_cannot_use_is_refused_with_the_forms_it_can(string address)
    {
        var error = Assert.Throws<ContainerEngineException>(() => EngineEndpoint.Resolve(address, Env(), _ => false));

        Assert.Contains(address, error.Message, StringComparison.Ordinal);
        Assert.Contains("unix://", error.Message, StringComparison.Ordinal);
    }
}
