using System.Net;

namespace Shop.Api.Tests;

public class CatalogApiTests(ShopServer server) : IClassFixture<ShopServer>
{
    [Fact]
    public async Task Listing_products_returns_the_whole_catalog_ordered_by_id()
    {
        var (status, products) = await server.Client.GetJsonAsync("/products");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            ["filter-paper", "kettle-glass", "mug-stoneware", "tea-assam", "tea-sencha"],
            products.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_product_is_found_by_its_id_with_its_price()
    {
        var (status, product) = await server.Client.GetJsonAsync("/products/tea-sencha");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Sencha green tea, 100 g", product.GetProperty("name").GetString());
        Assert.Equal(8.50m, product.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_problem()
    {
        var (status, problem) = await server.Client.GetJsonAsync("/products/tea-earl-grey");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Unknown product", problem.GetProperty("title").GetString());
        Assert.Contains("tea-earl-grey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
