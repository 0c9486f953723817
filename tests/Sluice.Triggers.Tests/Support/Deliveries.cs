using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Triggers.Tests.Support;

/// <summary>Deliveries as each host sends them: the sample bodies, with the headers and signatures the host adds.</summary>
internal static class Deliveries
{
    public const string Secret = "It's a Secret to Everybody";

    public const string GitHubDeliveryId = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    public const string GiteaDeliveryId = "f6266f16-1bf3-46a5-9ea4-602e06ead473";

    public static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    public static string Hmac(byte[] body, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static Dictionary<string, string> GitHub(string hostEvent, byte[] body, string secret = Secret, string delivery = GitHubDeliveryId) => new()
    {
        ["User-Agent"] = "GitHub-Hookshot/044aadd",
        ["Content-Type"] = "application/json",
        ["X-GitHub-Event"] = hostEvent,
        ["X-GitHub-Delivery"] = delivery,
        ["X-GitHub-Hook-ID"] = "530000001",
        ["X-Hub-Signature-256"] = "sha256=" + Hmac(body, secret),
    };

    /// <summary>Everything Gitea sends: its own headers, Gogs's, and GitHub's (with a SHA-1 signature as well).</summary>
    public static Dictionary<string, string> Gitea(string hostEvent, byte[] json, string secret = Secret, string delivery = GiteaDeliveryId)
    {
        var signature = Hmac(json, secret);
#pragma warning disable CA5350 // Gitea sends a SHA-1 signature too; the test sends what Gitea sends, and nothing checks it.
        var sha1 = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), json));
#pragma warning restore CA5350
        return new()
        {
            ["Content-Type"] = "application/json",
            ["X-Gitea-Delivery"] = delivery,
            ["X-Gitea-Event"] = hostEvent,
            ["X-Gitea-Event-Type"] = hostEvent,
            ["X-Gitea-Signature"] = signature,
            ["X-Gogs-Delivery"] = delivery,
            ["X-Gogs-Event"] = hostEvent,
            ["X-Gogs-Signature"] = signature,
            ["X-Hub-Signature"] = "sha1=" + sha1,
            ["X-Hub-Signature-256"] = "sha256=" + signature,
            ["X-GitHub-Delivery"] = delivery,
            ["X-GitHub-Event"] = hostEvent,
            ["X-GitHub-Event-Type"] = hostEvent,
        };
    }

    /// <summary>Forgejo sends its own headers besides all of Gitea's.</summary>
    public static Dictionary<string, string> Forgejo(string hostEvent, byte[] json, string secret = Secret, string delivery = GiteaDeliveryId)
    {
        var headers = Gitea(hostEvent, json, secret, delivery);
        headers["X-Forgejo-Delivery"] = delivery;
        headers["X-Forgejo-Event"] = hostEvent;
        headers["X-Forgejo-Event-Type"] = hostEvent;
        headers["X-Forgejo-Signature"] = Hmac(json, secret);
        return headers;
    }

    public static Dictionary<string, string> GitLab(string hostEvent, string token = Secret, string? idempotencyKey = "6a4f3a1e-8a7b-4c2d-9e0f-1a2b3c4d5e6f") => new()
    {
        ["Content-Type"] = "application/json",
        ["User-Agent"] = "GitLab/17.8.0",
        ["X-Gitlab-Event"] = hostEvent,
        ["X-Gitlab-Token"] = token,
        ["X-Gitlab-Instance"] = "https://gitlab.example.com",
        ["X-Gitlab-Event-UUID"] = "13792a34-cac6-4fda-95a8-c58e00a3954e",
        ["X-Gitlab-Webhook-UUID"] = "02affd2d-2cba-4033-917d-ec22d5dc4b38",
        ["Idempotency-Key"] = idempotencyKey ?? "",
    };

    /// <summary>A sample with one piece of its text changed; the piece must be there, so that a test cannot pass by editing nothing.</summary>
    public static byte[] Edit(byte[] body, string from, string to)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Contains(from, StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal))
            : throw new ArgumentException($"The sample does not hold '{from}'.", nameof(from));
    }

    public static JsonElement Json(string payloadJson) => JsonDocument.Parse(payloadJson).RootElement.Clone();

    /// <summary>The value at a dotted path of a payload, as text ("null" for JSON null).</summary>
    public static string At(string payloadJson, string path)
    {
        var element = Json(payloadJson);
        foreach (var name in path.Split('.'))
        {
            element = element.GetProperty(name);
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Null => "null",
            _ => element.GetRawText(),
        };
    }
}
