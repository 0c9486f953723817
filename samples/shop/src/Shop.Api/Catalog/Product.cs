namespace Shop.Api.Catalog;

/// <summary>Something the shop sells. The id is the SKU.</summary>
public sealed record Product(string Id, string Name, decimal Price);
