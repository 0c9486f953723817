namespace Shop.Pricing;

/// <summary>A product in an order: its SKU, its unit price and how many of it.</summary>
public sealed record OrderLine
{
    public OrderLine(string sku, decimal unitPrice, int quantity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        Sku = sku;
        UnitPrice = unitPrice;
        Quantity = quantity;
    }

    public string Sku { get; }

    public decimal UnitPrice { get; }

    public int Quantity { get; }

    public decimal Total => Money.RoundToCents(UnitPrice * Quantity);
}
