using System.Security.Cryptography;
using System.Text;

namespace Sluice.Server.Tests.Infrastructure;

/// <summary>A push delivered as GitHub delivers it to <c>api/v1/hooks/NAME</c>: its event, its id and its HMAC signature.</summary>
public static class GitHubDelivery
{
    public static HttpRequestMessage Push(string repository, string body, string id, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/hooks/{repository}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", id);
        request.Headers.Add("X-Hub-Signature-256", signature);
        return request;
    }

    public static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
