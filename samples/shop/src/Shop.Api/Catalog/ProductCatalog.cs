namespace Shop.Api.Catalog;

/// <summary>The products on sale, read-only once built.</summary>
public sealed class ProductCatalog(IEnumerable<Product> products)
{
    private readonly Dictionary<string, Product> _byId = products.ToDictionary(p => p.Id, StringComparer.Ordinal);

    public IReadOnlyList<Product> All => [.. _byId.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];

    public Product? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The demo shop's tea catalog.</summary>
    public static ProductCatalog Sample() => new(
    [
        new Product("tea-sencha", "Sencha green tea, 100 g", 8.50m),
        new Product("tea-assam", "Assam black tea, 250 g", 12.90m),
        new Product("mug-stoneware", "Stoneware mug", 14.00m),
        new Product("kettle-glass", "Glass kettle, 1 l", 39.95m),
        new Product("filter-paper", "Paper tea filters, 100", 2.49m),
    ]);
}
