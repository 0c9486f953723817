using Shop.Pricing;

namespace Shop.Api.Checkout;

/// <summary>The demo shop's promotions, coupons and tax rates.</summary>
public static class ShopPricing
{
    public static OrderPricer Create() => new(
        [new BuyXGetYFree("filter-paper", buy: 2, free: 1)],
        new CouponBook()
            .Add("WELCOME10", new PercentageDiscount(10m))
            .Add("FIVEOFF", new FixedAmountDiscount(5m)),
        new TaxTable()
            .Add("DE", 19m)
            .Add("FR", 20m)
            .Add("GB", 20m)
            .Add("JP", 10m)
            .Add("US-CA", 7.25m)
            .Add("HK", 0m));
}
