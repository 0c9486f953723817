using Sluice.Delivery.Health;

namespace Sluice.Delivery.Tests.Health;

public class HealthDurationTests
{
    [Theory]
    [InlineData("15s", 15)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1m30s", 90)]
    [InlineData("2h0m5s", 7205)]
    [InlineData(" 30s ", 30)]
    public void Durations_are_whole_numbers_with_units(string text, int seconds)
    {
        Assert.True(HealthDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("1.5m")]
    [InlineData("5d")]
    [InlineData("30s5m")]
    [InlineData("-5s")]
    [InlineData("99999999s")]
    [InlineData("2000000s")]
    public void Anything_else_is_not_a_duration(string text) => Assert.False(HealthDuration.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(3661, "1h1m1s")]
    public void Durations_are_written_the_way_they_are_read(int seconds, string text)
    {
        Assert.Equal(text, HealthDuration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(HealthDuration.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }
}
