namespace Shop.Pricing;

/// <summary>The coupon codes the shop accepts. Codes are matched ignoring case and surrounding spaces, as customers type them.</summary>
public sealed class CouponBook
{
    private readonly Dictionary<string, IDiscount> _coupons = new(StringComparer.OrdinalIgnoreCase);

    public CouponBook Add(string code, IDiscount discount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(discount);
        _coupons.Add(code.Trim(), discount);
        return this;
    }

    public bool TryFind(string code, out IDiscount discount)
    {
        if (_coupons.TryGetValue(code.Trim(), out var found))
        {
            discount = found;
            return true;
        }

        discount = null!;
        return false;
    }
}
