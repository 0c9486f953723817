using Shop.Pricing;

namespace Shop.Pricing.Tests;

public class OrderLineTests
{
    [Fact]
    public void A_line_total_is_unit_price_times_quantity()
    {
        Assert.Equal(25.50m, new OrderLine("tea", 8.50m, 3).Total);
    }

    [Fact]
    public void A_line_total_with_a_fraction_of_a_cent_is_rounded_to_cents()
    {
        Assert.Equal(1.00m, new OrderLine("screw", 0.333m, 3).Total);
        Assert.Equal(0.03m, new OrderLine("washer", 0.0125m, 2).Total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_line_needs_a_positive_quantity(int quantity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderLine("tea", 1m, quantity));
    }

    [Fact]
    public void A_line_cannot_have_a_negative_price()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderLine("tea", -0.01m, 1));
    }

    [Fact]
    public void A_line_needs_a_sku()
    {
        Assert.Throws<ArgumentException>(() => new OrderLine(" ", 1m, 1));
    }
}
