namespace Shop.Pricing;

/// <summary>Why an order could not be priced; each is the customer's input to fix, not a fault of the shop.</summary>
public enum PricingError
{
    UnknownCoupon,
    UnknownRegion,
}
