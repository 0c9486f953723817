namespace Shop.Pricing;

/// <summary>Sales tax (or VAT) rates per region code, in percent, e.g. DE → 19.</summary>
public sealed class TaxTable
{
    private readonly Dictionary<string, decimal> _rates = new(StringComparer.OrdinalIgnoreCase);

    public TaxTable Add(string region, decimal percent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        _rates.Add(region, percent);
        return this;
    }

    public bool TryGetRate(string region, out decimal percent) => _rates.TryGetValue(region, out percent);
}
