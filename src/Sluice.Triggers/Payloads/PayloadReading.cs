namespace Sluice.Triggers.Payloads;

/// <summary>What a genuine payload comes to: an event to plan runs for, or why it starts none.</summary>
internal readonly record struct PayloadReading(TriggerEvent? Event, string? IgnoredBecause)
{
    public static PayloadReading Of(TriggerEvent e) => new(e, null);

    public static PayloadReading Ignore(string because) => new(null, because);
}
