namespace Shop.Pricing;

/// <summary>
/// Prices an order: line totals, then the shop's promotions in order, then the coupon, then tax on what is left.
/// Each discount is capped at what is still to pay, so the order never goes below zero.
/// </summary>
public sealed class OrderPricer(IReadOnlyList<IDiscount> promotions, CouponBook coupons, TaxTable taxes)
{
    public PricingResult Price(PricingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!taxes.TryGetRate(request.Region, out var taxRate))
        {
            return PricingResult.Failure(PricingError.UnknownRegion, $"There is no tax rate for region '{request.Region}'.");
        }

        IDiscount? coupon = null;
        if (!string.IsNullOrWhiteSpace(request.Coupon) && !coupons.TryFind(request.Coupon, out coupon))
        {
            return PricingResult.Failure(PricingError.UnknownCoupon, $"The coupon '{request.Coupon.Trim()}' does not exist or has expired.");
        }

        var lines = new PricedLine[request.Lines.Count];
        var subtotal = 0m;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = request.Lines[i];
            lines[i] = new PricedLine(line.Sku, line.UnitPrice, line.Quantity, line.Total);
            subtotal += line.Total;
        }

        var applied = new List<AppliedDiscount>();
        var remaining = subtotal;
        foreach (var promotion in promotions)
        {
            remaining = Apply(promotion, request.Lines, remaining, applied);
        }

        if (coupon is not null)
        {
            remaining = Apply(coupon, request.Lines, remaining, applied);
        }

        var tax = Money.RoundToCents(remaining * taxRate / 100m);
        return PricingResult.Success(new PricedOrder(
            lines, subtotal, applied, subtotal - remaining, remaining, request.Region.ToUpperInvariant(), taxRate, tax, remaining + tax));
    }

    private static decimal Apply(IDiscount discount, IReadOnlyList<OrderLine> lines, decimal remaining, List<AppliedDiscount> applied)
    {
        var amount = Math.Min(discount.AmountOff(lines, remaining), remaining);
        if (amount > 0)
        {
            applied.Add(new AppliedDiscount(discount.Description, amount));
        }

        return remaining - amount;
    }
}
