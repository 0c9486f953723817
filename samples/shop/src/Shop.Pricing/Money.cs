namespace Shop.Pricing;

/// <summary>Amounts are <see cref="decimal"/> in the order's currency; this rounds them to what a receipt shows.</summary>
public static class Money
{
    /// <summary>
    /// Rounds to whole cents, half away from zero (0.125 becomes 0.13, -0.125 becomes -0.13). This is how
    /// receipts and tax invoices round; banker's rounding (the .NET default) would print 0.12 and disagree
    /// with the customer's calculator.
    /// </summary>
    public static decimal RoundToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
