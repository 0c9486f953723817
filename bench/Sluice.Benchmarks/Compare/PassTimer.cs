using System.Diagnostics;

namespace Sluice.Benchmarks.Compare;

/// <summary>
/// The npm benches' protocol (bench/npm/timing.mjs): passes for the warm-up time, results discarded; then passes until
/// the measured time has passed and at least <see cref="MinPasses"/> ran. Throughput uses the sum of the timed passes.
/// </summary>
internal sealed class PassTimer(double seconds, double warmupSeconds)
{
    public const int MinPasses = 3;

    public PassTimings Measure(Action pass)
    {
        var warmupEnd = Stopwatch.GetTimestamp() + ToTicks(warmupSeconds);
        var warmupPasses = 0;
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            pass();
            warmupPasses++;
        }

        var times = new List<long>();
        var end = Stopwatch.GetTimestamp() + ToTicks(seconds);
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            pass();
            var t1 = Stopwatch.GetTimestamp();
            times.Add(t1 - t0);
            if (t1 >= end && times.Count >= MinPasses)
            {
                break;
            }
        }

        return PassTimings.From(times, warmupPasses);
    }

    private static long ToTicks(double s) => (long)Math.Round(s * Stopwatch.Frequency);
}

internal sealed record PassTimings(int WarmupPasses, int Iterations, double Seconds, double MedianMs, double MinMs, double MaxMs)
{
    public static PassTimings From(List<long> ticks, int warmupPasses)
    {
        var sorted = ticks.Order().ToArray();
        var mid = sorted.Length / 2;
        var medianTicks = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        double Ms(double t) => t * 1000.0 / Stopwatch.Frequency;
        return new PassTimings(
            warmupPasses,
            sorted.Length,
            sorted.Sum() / (double)Stopwatch.Frequency,
            Ms(medianTicks),
            Ms(sorted[0]),
            Ms(sorted[^1]));
    }
}
