namespace Sluice.Triggers.Webhooks;

/// <summary>What became of a delivery, in the few categories the server counts in <c>/metrics</c>.</summary>
public enum WebhookOutcome
{
    /// <summary>Signed, understood, and it can start runs.</summary>
    Accepted,

    /// <summary>Signed and understood, but its redelivery key was seen before (the server decides, from its storage).</summary>
    Redelivery,

    /// <summary>Signed and understood, and it starts nothing: a ping, a branch deletion, a merge request approval.</summary>
    Ignored,

    /// <summary>From no host Sluice knows, or an event Sluice does not run workflows for.</summary>
    Unsupported,

    /// <summary>Unsigned, wrongly signed, or for a repository that has no webhook secret.</summary>
    BadSignature,

    /// <summary>Too large, not JSON, or JSON without the fields its event must have.</summary>
    Malformed,
}

public static class WebhookOutcomeLabels
{
    /// <summary>The outcome as a Prometheus label value: <c>accepted</c>, <c>redelivery</c>, <c>ignored</c>, <c>unsupported</c>, <c>bad_signature</c>, <c>malformed</c>.</summary>
    public static string ToMetricLabel(this WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Accepted => "accepted",
        WebhookOutcome.Redelivery => "redelivery",
        WebhookOutcome.Ignored => "ignored",
        WebhookOutcome.Unsupported => "unsupported",
        WebhookOutcome.BadSignature => "bad_signature",
        _ => "malformed",
    };
}
