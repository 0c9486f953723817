namespace Sluice.Quality.History;

/// <summary>One recorded measurement of a benchmark, with the run and branch it came from.</summary>
public sealed record BenchmarkPoint(long RunId, string Branch, double MeanNs, double StdDevNs, int Samples);
