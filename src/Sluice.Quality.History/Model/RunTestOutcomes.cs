namespace Sluice.Quality.History;

/// <summary>A recorded run with the results of its tests.</summary>
public sealed record RunTestOutcomes(RunSummary Run, IReadOnlyList<TestRecord> Tests);
