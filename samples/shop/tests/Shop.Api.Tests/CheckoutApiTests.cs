using System.Net;

namespace Shop.Api.Tests;

public class CheckoutApiTests(ShopServer server) : IClassFixture<ShopServer>
{
    [Fact]
    public async Task Checking_out_prices_the_cart_with_the_coupon_and_the_region_tax()
    {
        var cart = await server.Client.NewCartAsync();
        await server.Client.AddAsync(cart, "tea-sencha", 3);

        var (status, order) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "DE", coupon = "WELCOME10" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(25.50m, order.GetProperty("subtotal").GetDecimal());
        var discount = Assert.Single(order.GetProperty("discounts").EnumerateArray());
        Assert.Equal("10% off", discount.GetProperty("description").GetString());
        Assert.Equal(2.55m, discount.GetProperty("amount").GetDecimal());
        Assert.Equal(19m, order.GetProperty("taxRate").GetDecimal());
        Assert.Equal(4.36m, order.GetProperty("tax").GetDecimal());
        Assert.Equal(27.31m, order.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task The_shop_promotion_applies_without_a_coupon()
    {
        var cart = await server.Client.NewCartAsync();
        await server.Client.AddAsync(cart, "filter-paper", 3);

        var (_, order) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "HK" });

        Assert.Equal(2.49m, order.GetProperty("discountTotal").GetDecimal());
        Assert.Equal(4.98m, order.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task A_checked_out_cart_cannot_be_checked_out_again_or_changed()
    {
        var cart = await server.Client.NewCartAsync();
        await server.Client.AddAsync(cart, "kettle-glass", 1);
        await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "FR" });

        var (again, _) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "FR" });
        var (add, _) = await server.Client.PostJsonAsync($"/carts/{cart}/items", new { productId = "tea-sencha", quantity = 1 });
        var (_, view) = await server.Client.GetJsonAsync($"/carts/{cart}");

        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(HttpStatusCode.Conflict, add);
        Assert.True(view.GetProperty("checkedOut").GetBoolean());
    }

    [Fact]
    public async Task An_empty_cart_cannot_be_checked_out()
    {
        var cart = await server.Client.NewCartAsync();

        var (status, problem) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "DE" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cart", out _));
    }

    [Fact]
    public async Task An_unknown_coupon_is_a_validation_problem_and_leaves_the_cart_open()
    {
        var cart = await server.Client.NewCartAsync();
        await server.Client.AddAsync(cart, "tea-assam", 1);

        var (status, problem) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "DE", coupon = "FREESTUFF" });
        var (retry, order) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region = "DE" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("FREESTUFF", problem.GetProperty("errors").GetProperty("coupon")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retry);
        Assert.Equal(15.35m, order.GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("ATLANTIS")]
    [InlineData("")]
    public async Task An_unknown_or_missing_region_is_a_validation_problem_on_the_region(string region)
    {
        var cart = await server.Client.NewCartAsync();
        await server.Client.AddAsync(cart, "tea-assam", 1);

        var (status, problem) = await server.Client.PostJsonAsync($"/carts/{cart}/checkout", new { region });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("region", out _));
    }

    [Fact]
    public async Task Checking_out_an_unknown_cart_is_a_404_problem()
    {
        var (status, _) = await server.Client.PostJsonAsync($"/carts/{Guid.NewGuid()}/checkout", new { region = "DE" });

        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
