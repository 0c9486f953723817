namespace Shop.Pricing;

/// <summary>What to price: the lines, the region whose tax applies and an optional coupon code.</summary>
public sealed record PricingRequest(IReadOnlyList<OrderLine> Lines, string Region, string? Coupon = null);
