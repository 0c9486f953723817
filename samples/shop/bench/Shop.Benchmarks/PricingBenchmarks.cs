using BenchmarkDotNet.Attributes;
using Shop.Pricing;

namespace Shop.Benchmarks;

/// <summary>Pricing a 50-line order: the work the checkout endpoint does on every request.</summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private OrderPricer _pricer = null!;
    private PricingRequest _withoutCoupon = null!;
    private PricingRequest _withCoupon = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pricer = new OrderPricer(
            [new BuyXGetYFree("sku-07", buy: 2, free: 1), new BuyXGetYFree("sku-21", buy: 3, free: 1)],
            new CouponBook().Add("WELCOME10", new PercentageDiscount(10m)).Add("FIVEOFF", new FixedAmountDiscount(5m)),
            new TaxTable().Add("DE", 19m).Add("US-CA", 7.25m));

        // Fixed prices and quantities, so every run prices the same order.
        var lines = Enumerable.Range(0, 50)
            .Select(i => new OrderLine($"sku-{i:00}", 0.99m + (i * 1.37m), 1 + (i % 7)))
            .ToList();
        _withoutCoupon = new PricingRequest(lines, "US-CA");
        _withCoupon = new PricingRequest(lines, "DE", "WELCOME10");
    }

    [Benchmark(Baseline = true)]
    public decimal FiftyLines() => _pricer.Price(_withoutCoupon).Order!.Total;

    [Benchmark]
    public decimal FiftyLinesWithCoupon() => _pricer.Price(_withCoupon).Order!.Total;
}
