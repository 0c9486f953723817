namespace Sluice.Triggers.Payloads;

/// <summary>A payload without what its event must have. Caught where the delivery is read and turned into a refusal; it never leaves the library.</summary>
internal sealed class PayloadException(string message) : Exception(message);
