namespace Shop.Pricing;

/// <summary>A fixed amount off the order, e.g. 5.00 off; worth at most what is left to pay.</summary>
public sealed class FixedAmountDiscount : IDiscount
{
    public FixedAmountDiscount(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Amount = Money.RoundToCents(amount);
    }

    public decimal Amount { get; }

    public string Description => $"{Amount:0.00} off";

    public decimal AmountOff(IReadOnlyList<OrderLine> lines, decimal remaining) => Amount;
}
