namespace Shop.Pricing;

/// <summary>A percentage off what is left to pay, e.g. 10 % off the whole order.</summary>
public sealed class PercentageDiscount : IDiscount
{
    public PercentageDiscount(decimal percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100m);
        Percent = percent;
    }

    public decimal Percent { get; }

    public string Description => $"{Percent:0.##}% off";

    public decimal AmountOff(IReadOnlyList<OrderLine> lines, decimal remaining) => Money.RoundToCents(remaining * Percent / 100m);
}
