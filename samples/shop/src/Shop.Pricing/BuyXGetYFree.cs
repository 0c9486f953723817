namespace Shop.Pricing;

/// <summary>Buy <c>Buy</c> of a product, get <c>Free</c> more of it free: in every full group of Buy + Free units, Free are free.</summary>
public sealed class BuyXGetYFree : IDiscount
{
    public BuyXGetYFree(string sku, int buy, int free)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(free);
        Sku = sku;
        Buy = buy;
        Free = free;
    }

    public string Sku { get; }

    public int Buy { get; }

    public int Free { get; }

    public string Description => $"buy {Buy} {Sku}, get {Free} free";

    public decimal AmountOff(IReadOnlyList<OrderLine> lines, decimal remaining)
    {
        var quantity = 0;
        var unitPrice = 0m;
        foreach (var line in lines)
        {
            if (string.Equals(line.Sku, Sku, StringComparison.Ordinal))
            {
                quantity += line.Quantity;
                unitPrice = line.UnitPrice;
            }
        }

        var freeUnits = quantity / (Buy + Free) * Free;
        return Money.RoundToCents(freeUnits * unitPrice);
    }
}
