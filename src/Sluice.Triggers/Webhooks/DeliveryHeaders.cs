namespace Sluice.Triggers.Webhooks;

/// <summary>
/// The headers that say who sent a delivery, what it is and how it is signed. Gitea sends GitHub's headers too, and
/// Forgejo sends Gitea's, so the most specific host is looked for first.
/// </summary>
/// <param name="Host">The sender.</param>
/// <param name="Event">The event as the host names it.</param>
/// <param name="DeliveryId">The host's id for the delivery; for GitLab the id it keeps across retries when it sends one.</param>
/// <param name="Signature">The signature header's value (GitLab: the token), or null when absent.</param>
/// <param name="SignatureHeader">The header the signature is expected in, for messages.</param>
internal sealed record DeliveryHeaders(WebhookHost Host, string Event, string? DeliveryId, string? Signature, string SignatureHeader)
{
    public static DeliveryHeaders? Read(IReadOnlyDictionary<string, string> headers)
    {
        string? Get(string name) => Header(headers, name);

        if (Get("X-Forgejo-Event") is { } forgejo)
        {
            return new(WebhookHost.Forgejo, forgejo, Get("X-Forgejo-Delivery") ?? Get("X-Gitea-Delivery"),
                Get("X-Forgejo-Signature") ?? Get("X-Gitea-Signature"), "X-Forgejo-Signature");
        }

        if (Get("X-Gitea-Event") is { } gitea)
        {
            return new(WebhookHost.Gitea, gitea, Get("X-Gitea-Delivery"), Get("X-Gitea-Signature"), "X-Gitea-Signature");
        }

        if (Get("X-Gitlab-Event") is { } gitlab)
        {
            return new(WebhookHost.GitLab, gitlab, Get("Idempotency-Key") ?? Get("X-Gitlab-Event-UUID") ?? Get("X-Gitlab-Webhook-UUID"),
                Get("X-Gitlab-Token"), "X-Gitlab-Token");
        }

        if (Get("X-GitHub-Event") is { } github)
        {
            return new(WebhookHost.GitHub, github, Get("X-GitHub-Delivery"), Get("X-Hub-Signature-256"), "X-Hub-Signature-256");
        }

        return null;
    }

    /// <summary>
    /// A header's value, trimmed; null when absent or blank. HTTP header names are case-insensitive; the dictionary may
    /// already compare so, and when it does not, the names are compared here.
    /// </summary>
    public static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (!headers.TryGetValue(name, out var value))
        {
            value = headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
