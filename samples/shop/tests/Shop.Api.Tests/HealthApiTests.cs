using System.Net;

namespace Shop.Api.Tests;

public class HealthApiTests(ShopServer server) : IClassFixture<ShopServer>
{
    [Fact]
    public async Task The_health_endpoint_says_healthy()
    {
        using var response = await server.Client.GetAsync("/health").Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync().Within());
    }
}
