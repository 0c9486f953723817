namespace Sluice.Containers.Tests;

public sealed class DockerUnitsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("1500us", 1.5)]
    [InlineData("3000000ns", 3)]
    public void Go_durations_are_read(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DockerUnits.ParseDuration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("1d")]
    [InlineData("1.2.3s")]
    [InlineData("10 s")]
    [InlineData("99999999999999999999h")]
    public void Anything_else_is_not_a_duration(string text)
    {
        Assert.Null(DockerUnits.ParseDuration(text));
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("1.5GB", 1536L * 1024 * 1024)]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("100k", 102_400L)]
    [InlineData("7b", 7L)]
    public void Memory_sizes_are_read_in_binary_multiples(string text, long bytes)
    {
        Assert.Equal(bytes, DockerUnits.ParseBytes(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("lots")]
    [InlineData("1x")]
    [InlineData("-1m")]
    [InlineData("1i")]
    [InlineData("١٢m")]
    [InlineData("1\u212A")]
    [InlineData("1ib")]
    [InlineData("1.")]
    [InlineData(".5m")]
    [InlineData("99999999999p")]
    public void Anything_else_is_not_a_memory_size(string text)
    {
        Assert.Null(DockerUnits.ParseBytes(text));
    }

    [Theory]
    [InlineData("1", 1_000_000_000L)]
    [InlineData("0.5", 500_000_000L)]
    [InlineData("2.25", 2_250_000_000L)]
    public void Cpu_counts_become_nano_cpus(string text, long nano)
    {
        Assert.Equal(nano, DockerUnits.ParseNanoCpus(text));
    }
}
