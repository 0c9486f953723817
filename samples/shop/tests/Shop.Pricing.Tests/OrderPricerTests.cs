using Shop.Pricing;

namespace Shop.Pricing.Tests;

public class OrderPricerTests
{
    private static readonly OrderPricer Pricer = new(
        [new BuyXGetYFree("filter-paper", buy: 2, free: 1)],
        new CouponBook()
            .Add("WELCOME10", new PercentageDiscount(10m))
            .Add("FIVEOFF", new FixedAmountDiscount(5m)),
        new TaxTable().Add("DE", 19m).Add("FR", 20m).Add("JP", 10m).Add("US-CA", 7.25m).Add("HK", 0m));

    private static PricedOrder PriceOrFail(PricingRequest request)
    {
        var result = Pricer.Price(request);
        Assert.True(result.Succeeded, result.Message);
        return result.Order;
    }

    [Fact]
    public void An_empty_order_costs_nothing()
    {
        var order = PriceOrFail(new PricingRequest([], "DE", "WELCOME10"));

        Assert.Empty(order.Lines);
        Assert.Equal(0m, order.Subtotal);
        Assert.Empty(order.Discounts);
        Assert.Equal(0m, order.Tax);
        Assert.Equal(0m, order.Total);
    }

    [Fact]
    public void The_subtotal_is_the_sum_of_the_line_totals()
    {
        var order = PriceOrFail(new PricingRequest([new("tea-sencha", 8.50m, 3), new("kettle-glass", 39.95m, 1)], "HK"));

        Assert.Equal([25.50m, 39.95m], order.Lines.Select(l => l.Total));
        Assert.Equal(65.45m, order.Subtotal);
        Assert.Equal(65.45m, order.Total);
    }

    [Fact]
    public void A_percentage_coupon_comes_off_before_tax()
    {
        var order = PriceOrFail(new PricingRequest([new("tea-sencha", 8.50m, 3)], "DE", "WELCOME10"));

        Assert.Equal(25.50m, order.Subtotal);
        Assert.Equal([new AppliedDiscount("10% off", 2.55m)], order.Discounts);
        Assert.Equal(22.95m, order.TaxableAmount);
        Assert.Equal(4.36m, order.Tax);
        Assert.Equal(27.31m, order.Total);
    }

    [Fact]
    public void A_fixed_coupon_larger_than_the_subtotal_brings_the_order_to_zero_not_below()
    {
        var order = PriceOrFail(new PricingRequest([new("filter-paper", 2.49m, 1)], "DE", "FIVEOFF"));

        Assert.Equal([new AppliedDiscount("5.00 off", 2.49m)], order.Discounts);
        Assert.Equal(2.49m, order.DiscountTotal);
        Assert.Equal(0m, order.TaxableAmount);
        Assert.Equal(0m, order.Tax);
        Assert.Equal(0m, order.Total);
    }

    [Fact]
    public void Promotions_apply_before_the_coupon_and_each_discount_on_what_is_left()
    {
        var order = PriceOrFail(new PricingRequest([new("filter-paper", 2.49m, 3)], "DE", "WELCOME10"));

        Assert.Equal(7.47m, order.Subtotal);
        Assert.Equal([new AppliedDiscount("buy 2 filter-paper, get 1 free", 2.49m), new AppliedDiscount("10% off", 0.50m)], order.Discounts);
        Assert.Equal(2.99m, order.DiscountTotal);
        Assert.Equal(4.48m, order.TaxableAmount);
        Assert.Equal(0.85m, order.Tax);
        Assert.Equal(5.33m, order.Total);
    }

    [Fact]
    public void Discounts_that_add_up_to_more_than_the_subtotal_stop_at_zero()
    {
        var pricer = new OrderPricer([new PercentageDiscount(50m), new FixedAmountDiscount(30m), new FixedAmountDiscount(1m)], new CouponBook(), new TaxTable().Add("DE", 19m));

        var order = pricer.Price(new PricingRequest([new("mug", 50m, 1)], "DE")).Order!;

        Assert.Equal([new AppliedDiscount("50% off", 25m), new AppliedDiscount("30.00 off", 25m)], order.Discounts);
        Assert.Equal(50m, order.DiscountTotal);
        Assert.Equal(0m, order.Total);
    }

    [Theory]
    [InlineData("DE", "19.00")]
    [InlineData("FR", "20.00")]
    [InlineData("JP", "10.00")]
    [InlineData("US-CA", "7.25")]
    [InlineData("HK", "0.00")]
    [InlineData("de", "19.00")]
    public void Tax_is_the_region_rate_of_the_discounted_amount(string region, string expectedTax)
    {
        var order = PriceOrFail(new PricingRequest([new("kettle", 100m, 1)], region));

        Assert.Equal(region.ToUpperInvariant(), order.Region);
        Assert.Equal(decimal.Parse(expectedTax), order.Tax);
        Assert.Equal(100m + decimal.Parse(expectedTax), order.Total);
    }

    [Fact]
    public void Tax_of_exactly_half_a_cent_rounds_up_not_to_the_even_cent()
    {
        // 10 % of 1.25 is 0.125: banker's rounding would give 0.12.
        var order = PriceOrFail(new PricingRequest([new("biscuit", 1.25m, 1)], "JP"));

        Assert.Equal(0.13m, order.Tax);
        Assert.Equal(1.38m, order.Total);
    }

    [Fact]
    public void An_unknown_coupon_is_an_error_that_names_the_code()
    {
        var result = Pricer.Price(new PricingRequest([new("tea-sencha", 8.50m, 1)], "DE", " NOPE "));

        Assert.False(result.Succeeded);
        Assert.Equal(PricingError.UnknownCoupon, result.Error);
        Assert.Contains("'NOPE'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_region_is_an_error_that_names_the_region()
    {
        var result = Pricer.Price(new PricingRequest([new("tea-sencha", 8.50m, 1)], "ATLANTIS"));

        Assert.False(result.Succeeded);
        Assert.Equal(PricingError.UnknownRegion, result.Error);
        Assert.Contains("'ATLANTIS'", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_coupon_means_no_coupon(string? coupon)
    {
        var order = PriceOrFail(new PricingRequest([new("tea-sencha", 8.50m, 2)], "HK", coupon));

        Assert.Empty(order.Discounts);
        Assert.Equal(17.00m, order.Total);
    }

    [Fact]
    public void Every_priced_order_adds_up()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 500; i++)
        {
            var lines = Enumerable.Range(0, random.Next(0, 8))
                .Select(n => new OrderLine(n % 3 == 0 ? "filter-paper" : $"sku-{n}", random.Next(1, 100_000) / 1000m, random.Next(1, 20)))
                .ToList();
            var coupon = random.Next(3) switch { 0 => null, 1 => "WELCOME10", _ => "FIVEOFF" };

            var order = PriceOrFail(new PricingRequest(lines, "US-CA", coupon));

            Assert.Equal(order.Subtotal, order.Lines.Sum(l => l.Total));
            Assert.Equal(order.DiscountTotal, order.Discounts.Sum(d => d.Amount));
            Assert.Equal(order.TaxableAmount, order.Subtotal - order.DiscountTotal);
            Assert.Equal(order.Total, order.TaxableAmount + order.Tax);
            Assert.InRange(order.TaxableAmount, 0m, order.Subtotal);
            Assert.Equal(order.Total, Money.RoundToCents(order.Total));
        }
    }
}
