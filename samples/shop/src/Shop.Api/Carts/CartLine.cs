namespace Shop.Api.Carts;

/// <summary>A product in a cart, at the price it had when it was added.</summary>
public sealed record CartLine(string ProductId, string Name, decimal UnitPrice, int Quantity)
{
    public decimal LineTotal => Shop.Pricing.Money.RoundToCents(UnitPrice * Quantity);
}
