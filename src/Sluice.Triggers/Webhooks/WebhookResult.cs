using System.Diagnostics.CodeAnalysis;

namespace Sluice.Triggers.Webhooks;

/// <summary>
/// What a webhook delivery is: who sent it, whether it is genuine, and the event it carries. A value, never an
/// exception: every refusal has a <see cref="Refusal"/>, an <see cref="Outcome"/> to count and a <see cref="Reason"/> to
/// show in the response (the host shows it on its delivery page) and in the server's log.
/// </summary>
public sealed record WebhookResult
{
    public required WebhookOutcome Outcome { get; init; }

    public WebhookRefusal Refusal { get; init; }

    /// <summary>One sentence for the response and the log; for an accepted delivery, what it is.</summary>
    public required string Reason { get; init; }

    /// <summary>The host that sent it; null when the headers name none Sluice knows.</summary>
    public WebhookHost? Host { get; init; }

    /// <summary>The event as the host names it in its header (<c>push</c>, <c>Merge Request Hook</c>, ...).</summary>
    public string? HostEvent { get; init; }

    /// <summary>The host's id for this delivery, for logs and for finding it on the host's delivery page.</summary>
    public string? DeliveryId { get; init; }

    /// <summary>
    /// What the server stores (per repository, under a unique key) to recognise a redelivery; set once the signature is
    /// valid. GitHub and GitLab keep their delivery id when they redeliver, so it is that id; Gitea and Forgejo give a
    /// redelivery a new id with the same body, so it is a hash of the signed body.
    /// </summary>
    public string? RedeliveryKey { get; init; }

    /// <summary>The event to plan runs for; set exactly when <see cref="Outcome"/> is <see cref="WebhookOutcome.Accepted"/>.</summary>
    public TriggerEvent? Event { get; init; }

    [MemberNotNullWhen(true, nameof(Event), nameof(RedeliveryKey), nameof(Host))]
    public bool IsAccepted => Outcome == WebhookOutcome.Accepted && Event is not null && RedeliveryKey is not null && Host is not null;

    /// <summary>The HTTP status to answer with. Deliveries that start nothing but are genuine get a 2xx, so that hosts do not mark them failed (GitLab disables hooks that keep failing).</summary>
    public int StatusCode => Refusal switch
    {
        WebhookRefusal.None => Outcome == WebhookOutcome.Accepted ? 202 : 200,
        WebhookRefusal.Ignored or WebhookRefusal.UnsupportedEvent => 200,
        WebhookRefusal.BodyTooLarge => 413,
        WebhookRefusal.NoSecretConfigured => 403,
        WebhookRefusal.MissingSignature or WebhookRefusal.BadSignature => 401,
        _ => 400,
    };

    /// <summary>The same delivery, counted as a redelivery: for the server, when its storage already holds <see cref="RedeliveryKey"/>.</summary>
    public WebhookResult AsRedelivery() => this with
    {
        Outcome = WebhookOutcome.Redelivery,
        Reason = $"Delivery {DeliveryId ?? RedeliveryKey} was already received; it starts nothing again.",
    };
}
