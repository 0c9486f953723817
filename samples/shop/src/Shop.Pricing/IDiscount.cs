namespace Shop.Pricing;

/// <summary>Takes an amount off an order. The pricer caps it at what is left, so a discount never makes an order negative.</summary>
public interface IDiscount
{
    /// <summary>What the customer sees on the receipt.</summary>
    string Description { get; }

    /// <summary>The amount off, in cents, given the order's lines and what is still to pay after earlier discounts.</summary>
    decimal AmountOff(IReadOnlyList<OrderLine> lines, decimal remaining);
}
