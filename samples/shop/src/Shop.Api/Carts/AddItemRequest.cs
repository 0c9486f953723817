namespace Shop.Api.Carts;

/// <summary>The body of POST /carts/{id}/items.</summary>
public sealed record AddItemRequest(string? ProductId, int Quantity);
