namespace Sluice.Quality.Reports.Benchmarks;

/// <summary>Which of Google Benchmark's two times a result reports.</summary>
public enum GoogleBenchmarkClock
{
    /// <summary>Wall-clock time per iteration (real_time), what the console output shows first.</summary>
    RealTime,

    /// <summary>CPU time per iteration (cpu_time), summed over the benchmark's threads.</summary>
    CpuTime,
}
