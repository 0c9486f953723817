namespace Shop.Pricing;

/// <summary>
/// A priced order. <c>Subtotal - DiscountTotal = TaxableAmount</c> and <c>TaxableAmount + Tax = Total</c>,
/// every amount in whole cents.
/// </summary>
public sealed record PricedOrder(
    IReadOnlyList<PricedLine> Lines,
    decimal Subtotal,
    IReadOnlyList<AppliedDiscount> Discounts,
    decimal DiscountTotal,
    decimal TaxableAmount,
    string Region,
    decimal TaxRate,
    decimal Tax,
    decimal Total);
