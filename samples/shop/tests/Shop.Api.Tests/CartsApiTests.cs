using System.Net;
using System.Text;

namespace Shop.Api.Tests;

public class CartsApiTests(ShopServer server) : IClassFixture<ShopServer>
{
    [Fact]
    public async Task A_new_cart_is_empty_and_can_be_read_back_from_its_location()
    {
        using var created = await server.Client.PostAsync("/carts", null).Within();
        var location = created.Headers.Location!.ToString();
        var (status, cart) = await server.Client.GetJsonAsync(location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(cart.GetProperty("lines").EnumerateArray());
        Assert.Equal(0m, cart.GetProperty("subtotal").GetDecimal());
    }

    [Fact]
    public async Task Adding_a_product_twice_adds_up_its_quantity()
    {
        var cart = await server.Client.NewCartAsync();

        await server.Client.AddAsync(cart, "tea-sencha", 2);
        await server.Client.AddAsync(cart, "mug-stoneware", 1);
        await server.Client.AddAsync(cart, "tea-sencha", 1);
        var (_, body) = await server.Client.GetJsonAsync($"/carts/{cart}");

        var lines = body.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["tea-sencha", "mug-stoneware"], lines.Select(l => l.GetProperty("productId").GetString()));
        Assert.Equal(3, lines[0].GetProperty("quantity").GetInt32());
        Assert.Equal(25.50m, lines[0].GetProperty("lineTotal").GetDecimal());
        Assert.Equal(39.50m, body.GetProperty("subtotal").GetDecimal());
    }

    [Fact]
    public async Task Adding_an_unknown_product_is_a_validation_problem_on_the_product_id()
    {
        var cart = await server.Client.NewCartAsync();

        var (status, problem) = await server.Client.PostJsonAsync($"/carts/{cart}/items", new { productId = "tea-earl-grey", quantity = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("productId", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(1001)]
    public async Task Adding_a_quantity_out_of_range_is_a_validation_problem_on_the_quantity(int quantity)
    {
        var cart = await server.Client.NewCartAsync();

        var (status, problem) = await server.Client.PostJsonAsync($"/carts/{cart}/items", new { productId = "tea-sencha", quantity });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _));
    }

    [Fact]
    public async Task An_unknown_cart_is_a_404_problem()
    {
        var (getStatus, problem) = await server.Client.GetJsonAsync($"/carts/{Guid.NewGuid()}");
        var (addStatus, _) = await server.Client.PostJsonAsync($"/carts/{Guid.NewGuid()}/items", new { productId = "tea-sencha", quantity = 1 });

        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        Assert.Equal("Unknown cart", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, addStatus);
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_not_a_server_error()
    {
        var cart = await server.Client.NewCartAsync();
        using var content = new StringContent("{\"productId\": ", Encoding.UTF8, "application/json");

        using var response = await server.Client.PostAsync($"/carts/{cart}/items", content).Within();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
