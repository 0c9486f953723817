namespace Sluice.Triggers.Webhooks;

/// <summary>Why a delivery starts no run; <see cref="None"/> when it was accepted.</summary>
public enum WebhookRefusal
{
    None,
    BodyTooLarge,
    UnknownHost,
    NoSecretConfigured,
    MissingSignature,
    BadSignature,
    UnsupportedEvent,
    Ignored,
    MalformedPayload,
}
