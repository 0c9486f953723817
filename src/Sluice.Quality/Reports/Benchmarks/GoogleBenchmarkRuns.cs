namespace Sluice.Quality.Reports.Benchmarks;

/// <summary>What one benchmark name collected: its iteration runs and, when repetitions were aggregated, the aggregates.</summary>
internal sealed class GoogleBenchmarkRuns(string name)
{
    public string Name => name;

    public List<double> IterationTimesNs { get; } = [];

    public double? MeanNs { get; set; }

    public double? StdDevNs { get; set; }

    public int? Repetitions { get; set; }

    /// <summary>The aggregates when the run wrote them, else the mean and sample standard deviation of the iterations.</summary>
    public BenchmarkResult? ToResult()
    {
        var times = IterationTimesNs;
        if (MeanNs is null && times.Count == 0)
        {
            return null;
        }

        var mean = MeanNs ?? times.Average();
        var stdDev = StdDevNs ?? SampleStdDev(times);
        var samples = times.Count > 0 ? times.Count : Repetitions ?? 1;
        return new BenchmarkResult(name, mean, stdDev, samples);
    }

    private static double SampleStdDev(List<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (values.Count - 1));
    }
}
