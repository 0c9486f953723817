namespace Shop.Pricing;

/// <summary>A discount as it was applied: what it was and how much it took off.</summary>
public sealed record AppliedDiscount(string Description, decimal Amount);
