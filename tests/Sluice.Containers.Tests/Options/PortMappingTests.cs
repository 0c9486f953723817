namespace Sluice.Containers.Tests;

public sealed class PortMappingTests
{
    [Theory]
    [InlineData("5432", "5432/tcp", null, "127.0.0.1")]
    [InlineData("8080:80", "80/tcp", 8080, "127.0.0.1")]
    [InlineData("0.0.0.0:8080:80", "80/tcp", 8080, "0.0.0.0")]
    [InlineData("53:53/udp", "53/udp", 53, "127.0.0.1")]
    [InlineData("127.0.0.1::6379", "6379/tcp", null, "127.0.0.1")]
    public void Workflow_port_forms_are_read(string text, string containerPort, int? hostPort, string hostIp)
    {
        Assert.Equal(new PortMapping(containerPort, hostPort, hostIp), PortMapping.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http")]
    [InlineData("70000")]
    [InlineData("80/quic")]
    [InlineData("1:2:3:4")]
    public void Anything_else_is_refused_naming_it(string text)
    {
        var error = Assert.Throws<FormatException>(() => PortMapping.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }
}
