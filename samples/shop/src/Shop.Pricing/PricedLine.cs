namespace Shop.Pricing;

/// <summary>An order line with its total.</summary>
public sealed record PricedLine(string Sku, decimal UnitPrice, int Quantity, decimal Total);
