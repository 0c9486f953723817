using System.Text.Json;
using System.Text.Unicode;
using Sluice.Triggers.Payloads;

namespace Sluice.Triggers.Webhooks;

/// <summary>
/// Turns one webhook delivery (its headers, its raw body and the repository's webhook secret) into a
/// <see cref="WebhookResult"/>: which host sent it, whether its signature is genuine, the key that recognises a
/// redelivery, and the <see cref="TriggerEvent"/> it carries. It never throws for what a caller sends; it listens on
/// nothing and stores nothing (the server keeps the redelivery keys).
/// </summary>
public static class WebhookVerifier
{
    /// <summary>GitHub does not send payloads above 25 MB; a larger body is not a delivery from a host.</summary>
    public const long DefaultMaxBodyBytes = 25L * 1024 * 1024;

    /// <param name="headers">The request's headers; names are compared without regard to case whatever the dictionary's comparer.</param>
    /// <param name="body">The raw request body, exactly as received (the signature is over these bytes).</param>
    /// <param name="secret">The repository's webhook secret; null or empty refuses every delivery.</param>
    /// <param name="maxBodyBytes">The largest body accepted.</param>
    public static WebhookResult Verify(IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, string? secret, long maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (DeliveryHeaders.Read(headers) is not { } delivery)
        {
            return Answer(null, WebhookRefusal.UnknownHost, WebhookOutcome.Unsupported,
                "No X-GitHub-Event, X-Gitea-Event, X-Forgejo-Event or X-Gitlab-Event header: this is not a webhook delivery from GitHub, Gitea, Forgejo or GitLab.");
        }

        if (body.Length > maxBodyBytes)
        {
            return Answer(delivery, WebhookRefusal.BodyTooLarge, WebhookOutcome.Malformed,
                $"The body is {body.Length} bytes, more than the {maxBodyBytes} bytes a delivery may have.");
        }

        if (string.IsNullOrEmpty(secret))
        {
            return Answer(delivery, WebhookRefusal.NoSecretConfigured, WebhookOutcome.BadSignature,
                "This repository has no webhook secret, so no delivery can be verified. Set one for the repository and give the same secret to the webhook on the host.");
        }

        // The JSON is the body, or the 'payload' field of a form. GitHub signs the body as sent; Gitea and Forgejo sign the JSON.
        var isForm = FormBody.IsForm(DeliveryHeaders.Header(headers, "Content-Type"));
        var json = isForm ? FormBody.Payload(body.Span) : body;
        var signed = delivery.Host is WebhookHost.Gitea or WebhookHost.Forgejo ? json.GetValueOrDefault().Span : body.Span;
        if (CheckSignature(delivery, signed, secret) is { } refused)
        {
            return refused;
        }

        var verified = Answer(delivery, WebhookRefusal.None, WebhookOutcome.Accepted, "") with
        {
            RedeliveryKey = RedeliveryKey(delivery, signed),
        };
        if (json is not { } payload)
        {
            return verified with
            {
                Outcome = WebhookOutcome.Malformed,
                Refusal = WebhookRefusal.MalformedPayload,
                Reason = "The body is a form without a 'payload' field. Set the webhook's content type to application/json.",
            };
        }

        return Read(verified, delivery, payload);
    }

    private static WebhookResult? CheckSignature(DeliveryHeaders delivery, ReadOnlySpan<byte> signed, string secret)
    {
        if (delivery.Signature is not { } signature)
        {
            return Answer(delivery, WebhookRefusal.MissingSignature, WebhookOutcome.BadSignature,
                $"No {delivery.SignatureHeader} header: the delivery is unsigned. Give the webhook on the host this repository's secret.");
        }

        var genuine = delivery.Host switch
        {
            WebhookHost.GitLab => Signatures.TokenMatches(signature, secret),
            WebhookHost.GitHub => Signatures.HmacMatches(signature, "sha256=", signed, secret),
            _ => Signatures.HmacMatches(signature, prefix: null, signed, secret),
        };
        return genuine ? null : Answer(delivery, WebhookRefusal.BadSignature, WebhookOutcome.BadSignature,
            delivery.Host == WebhookHost.GitLab
                ? "The X-Gitlab-Token does not match this repository's webhook secret."
                : $"The {delivery.SignatureHeader} signature does not match the body: the webhook's secret on the host differs from this repository's, or the body was changed on the way.");
    }

    /// <summary>GitHub and GitLab keep a delivery's id when they send it again; Gitea and Forgejo make a new id for the same body.</summary>
    private static string RedeliveryKey(DeliveryHeaders delivery, ReadOnlySpan<byte> signed)
    {
        var key = delivery.Host is WebhookHost.Gitea or WebhookHost.Forgejo || delivery.DeliveryId is null
            ? Signatures.BodyKey(signed)
            : delivery.DeliveryId;
        return $"{delivery.Host.ToString().ToLowerInvariant()}:{key}";
    }

    private static WebhookResult Read(WebhookResult verified, DeliveryHeaders delivery, ReadOnlyMemory<byte> json)
    {
        var kind = EventKind(delivery);
        if (kind is null or "ignored")
        {
            return kind is null
                ? verified with
                {
                    Outcome = WebhookOutcome.Unsupported,
                    Refusal = WebhookRefusal.UnsupportedEvent,
                    Reason = $"Sluice starts runs from push and pull request deliveries; '{delivery.Event}' starts nothing. Leave it out of the webhook's events on the host.",
                }
                : Ignore(verified, delivery.Event == "ping"
                    ? "Ping received: the webhook reaches Sluice and its signature is right."
                    : $"'{delivery.Event}' deliveries start no run; the push that creates a branch or tag does.");
        }

        if (Utf8Json(json) is not { } utf8)
        {
            return Malformed(verified, "The body is not UTF-8 text; webhook payloads are UTF-8 JSON.");
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, WebhookJson.DocumentOptions);
            WebhookJson.CheckStrings(document.RootElement);
            var reading = (delivery.Host, kind) switch
            {
                (WebhookHost.GitLab, "push") => GitLabPayloads.Push(document.RootElement, utf8),
                (WebhookHost.GitLab, _) => GitLabPayloads.MergeRequest(document.RootElement, utf8),
                (_, "push") => GitHubPayloads.Push(document.RootElement, utf8, delivery.Host),
                _ => GitHubPayloads.PullRequest(document.RootElement, utf8, delivery.Host),
            };
            return reading.Event is { } e
                ? verified with { Event = e, Reason = Describe(e) }
                : Ignore(verified, reading.IgnoredBecause!);
        }
        catch (JsonException ex)
        {
            return Malformed(verified, $"The body is not valid JSON: {ex.Message}");
        }
        catch (PayloadException ex)
        {
            return Malformed(verified, ex.Message);
        }
    }

    /// <summary>"push" or "pull_request" for deliveries that can start runs, "ignored" for genuine ones that start none, null for the rest.</summary>
    private static string? EventKind(DeliveryHeaders delivery) => delivery.Host switch
    {
        WebhookHost.GitLab => delivery.Event switch
        {
            "Push Hook" or "Tag Push Hook" => "push",
            "Merge Request Hook" => "pull_request",
            _ => null,
        },
        _ => delivery.Event switch
        {
            "ping" or "create" or "delete" => "ignored",
            "push" or "pull_request" => delivery.Event,
            _ => null,
        },
    };

    /// <summary>The JSON without a leading byte-order mark, when it is UTF-8; null when it is not.</summary>
    private static ReadOnlyMemory<byte>? Utf8Json(ReadOnlyMemory<byte> json)
    {
        var bytes = json.Span.StartsWith("\uFEFF"u8) ? json[3..] : json;
        return Utf8.IsValid(bytes.Span) ? bytes : default(ReadOnlyMemory<byte>?);
    }

    private static string Describe(TriggerEvent e) => e.Name == "push"
        ? $"push to {e.Ref} at {e.Sha[..12]}{By(e)}"
        : $"pull request #{e.PullRequestNumber} {e.Action} ({e.HeadRef} into {e.BaseRef}{(e.FromFork ? ", from a fork" : "")}) at {e.Sha[..12]}{By(e)}";

    private static string By(TriggerEvent e) => e.Actor is null ? "" : $" by {e.Actor}";

    private static WebhookResult Ignore(WebhookResult verified, string reason) =>
        verified with { Outcome = WebhookOutcome.Ignored, Refusal = WebhookRefusal.Ignored, Reason = reason };

    private static WebhookResult Malformed(WebhookResult verified, string reason) =>
        verified with { Outcome = WebhookOutcome.Malformed, Refusal = WebhookRefusal.MalformedPayload, Reason = reason };

    private static WebhookResult Answer(DeliveryHeaders? delivery, WebhookRefusal refusal, WebhookOutcome outcome, string reason) => new()
    {
        Outcome = outcome,
        Refusal = refusal,
        Reason = reason,
        Host = delivery?.Host,
        HostEvent = delivery?.Event,
        DeliveryId = delivery?.DeliveryId,
    };
}
