namespace Sluice.Quality.History;

/// <summary>One shard of a split test run: its tests, longest first, and their estimated total duration.</summary>
public sealed record Shard(int Index, IReadOnlyList<string> Tests, double EstimatedSeconds);
