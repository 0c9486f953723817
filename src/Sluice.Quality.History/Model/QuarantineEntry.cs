namespace Sluice.Quality.History;

/// <summary>A test that still runs but no longer fails the gate, with why, who put it there and when.</summary>
public sealed record QuarantineEntry(string TestId, string Reason, string AddedBy, DateTimeOffset AddedAt);
