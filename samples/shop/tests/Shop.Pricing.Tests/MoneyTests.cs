using Shop.Pricing;

namespace Shop.Pricing.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("0.125", "0.13")]
    [InlineData("0.135", "0.14")]
    [InlineData("2.675", "2.68")]
    [InlineData("-0.125", "-0.13")]
    [InlineData("1.004", "1.00")]
    [InlineData("1.0049999", "1.00")]
    [InlineData("7", "7.00")]
    public void Half_cents_round_away_from_zero_not_to_even(string amount, string expected)
    {
        Assert.Equal(decimal.Parse(expected), Money.RoundToCents(decimal.Parse(amount)));
    }
}
