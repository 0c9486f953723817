namespace Sluice.Quality.Reports;

/// <summary>One benchmark's measurement: mean and standard deviation in nanoseconds per operation.</summary>
public sealed record BenchmarkResult(string Name, double MeanNs, double StdDevNs, int Samples, long? AllocatedBytes = null);
