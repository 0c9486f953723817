namespace Shop.Api.Carts;

/// <summary>A cart as the API shows it.</summary>
public sealed record CartView(Guid Id, IReadOnlyList<CartLine> Lines, decimal Subtotal, bool CheckedOut);
