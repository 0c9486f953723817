using Shop.Pricing;

namespace Shop.Pricing.Tests;

public class DiscountTests
{
    private static readonly OrderLine[] NoLines = [];

    [Theory]
    [InlineData("45.00", "10", "4.50")]
    [InlineData("0.05", "10", "0.01")]
    [InlineData("0.30", "15", "0.05")]
    [InlineData("19.99", "100", "19.99")]
    [InlineData("19.99", "0", "0.00")]
    public void A_percentage_discount_is_that_share_of_what_is_left_rounded_to_cents(string remaining, string percent, string expected)
    {
        var discount = new PercentageDiscount(decimal.Parse(percent));

        Assert.Equal(decimal.Parse(expected), discount.AmountOff(NoLines, decimal.Parse(remaining)));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100.01")]
    public void A_percentage_outside_0_to_100_is_refused(string percent)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentageDiscount(decimal.Parse(percent)));
    }

    [Fact]
    public void A_fixed_discount_is_its_amount_whatever_the_order()
    {
        var discount = new FixedAmountDiscount(5m);

        Assert.Equal(5.00m, discount.AmountOff(NoLines, 100m));
        Assert.Equal("5.00 off", discount.Description);
    }

    [Theory]
    [InlineData(2, "0.00")]
    [InlineData(3, "2.49")]
    [InlineData(5, "2.49")]
    [InlineData(6, "4.98")]
    [InlineData(7, "4.98")]
    public void Buy_two_get_one_free_makes_one_unit_in_every_full_group_of_three_free(int quantity, string expected)
    {
        var discount = new BuyXGetYFree("filter-paper", buy: 2, free: 1);

        Assert.Equal(decimal.Parse(expected), discount.AmountOff([new OrderLine("filter-paper", 2.49m, quantity)], 1000m));
    }

    [Fact]
    public void Buy_x_get_y_counts_units_of_its_product_across_lines_and_ignores_other_products()
    {
        var discount = new BuyXGetYFree("filter-paper", buy: 2, free: 1);
        OrderLine[] lines = [new("filter-paper", 2.49m, 2), new("tea-sencha", 8.50m, 10), new("filter-paper", 2.49m, 1)];

        Assert.Equal(2.49m, discount.AmountOff(lines, 1000m));
    }

    [Fact]
    public void Buy_x_get_y_gives_nothing_when_its_product_is_not_ordered()
    {
        var discount = new BuyXGetYFree("filter-paper", buy: 1, free: 1);

        Assert.Equal(0m, discount.AmountOff([new OrderLine("tea-sencha", 8.50m, 4)], 1000m));
    }
}
