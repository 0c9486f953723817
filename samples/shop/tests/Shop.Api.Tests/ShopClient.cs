using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Shop.Api.Tests;

/// <summary>Small helpers over the shop's HTTP API, every call bounded by the default timeout.</summary>
internal static class ShopClient
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request).Within();
        var text = await response.Content.ReadAsStringAsync().Within();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    public static Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object? body = null) =>
        client.SendAsync(HttpMethod.Post, path, body);

    public static async Task<string> NewCartAsync(this HttpClient client)
    {
        var (status, cart) = await client.PostJsonAsync("/carts");
        Assert.Equal(HttpStatusCode.Created, status);
        return cart.GetProperty("id").GetString()!;
    }

    public static async Task AddAsync(this HttpClient client, string cart, string productId, int quantity)
    {
        var (status, body) = await client.PostJsonAsync($"/carts/{cart}/items", new { productId, quantity });
        Assert.True(status == HttpStatusCode.OK, $"adding {quantity} {productId}: {(int)status} {body}");
    }
}
