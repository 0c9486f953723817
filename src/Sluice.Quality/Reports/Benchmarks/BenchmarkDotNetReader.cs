using System.Text.Json;

namespace Sluice.Quality.Reports.Benchmarks;

/// <summary>
/// Reads BenchmarkDotNet's JSON exports (full and brief, which differ only in carrying the measurements). A
/// benchmark is named by its FullName, or Type.Method(Parameters) when an older export lacks one; its mean and
/// standard deviation are already in nanoseconds; allocations come from the memory diagnoser when it ran.
/// Benchmarks without statistics (they failed to run) are left out.
/// </summary>
public sealed class BenchmarkDotNetReader : IReportReader
{
    public ReportFormat Format => ReportFormat.BenchmarkDotNet;

    public bool CanRead(string head) =>
        head.Contains("\"HostEnvironmentInfo\"", StringComparison.Ordinal) && head.Contains("\"Benchmarks\"", StringComparison.Ordinal);

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        using var document = BenchmarkJson.Parse(stream, fileName, cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("Benchmarks", out var benchmarks)
            || benchmarks.ValueKind != JsonValueKind.Array)
        {
            throw new ReportReadException(fileName, null, "not a BenchmarkDotNet JSON export: expected an object with a \"Benchmarks\" array");
        }

        var index = 0;
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = $"Benchmarks[{index++}]";
            if (benchmark.ValueKind != JsonValueKind.Object)
            {
                throw new ReportReadException(fileName, null, $"{path} is not an object");
            }

            if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var statisticsPath = path + ".Statistics";
            var mean = BenchmarkJson.RequireNumber(statistics, "Mean", statisticsPath, fileName);
            if (!double.IsFinite(mean) || mean < 0)
            {
                throw new ReportReadException(fileName, null, $"{statisticsPath}.Mean is {mean}, not a time");
            }

            var stdDev = BenchmarkJson.OptionalNumber(statistics, "StandardDeviation", statisticsPath, fileName) ?? 0;
            var samples = BenchmarkJson.OptionalNumber(statistics, "N", statisticsPath, fileName) ?? 0;
            long? allocated = null;
            if (benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                && BenchmarkJson.OptionalNumber(memory, "BytesAllocatedPerOperation", path + ".Memory", fileName) is { } bytes)
            {
                allocated = (long)Math.Clamp(bytes, 0, long.MaxValue);
            }

            sink.OnBenchmark(new BenchmarkResult(
                NameOf(benchmark, path, fileName),
                mean,
                double.IsFinite(stdDev) ? stdDev : 0,
                (int)Math.Clamp(samples, 0, int.MaxValue),
                allocated));
        }
    }

    private static string NameOf(JsonElement benchmark, string path, string fileName)
    {
        if (BenchmarkJson.OptionalString(benchmark, "FullName") is { Length: > 0 } fullName)
        {
            return fullName;
        }

        var type = BenchmarkJson.OptionalString(benchmark, "Type");
        var method = BenchmarkJson.OptionalString(benchmark, "Method")
            ?? throw new ReportReadException(fileName, null, $"{path} has neither FullName nor Method");
        var parameters = BenchmarkJson.OptionalString(benchmark, "Parameters");
        var name = string.IsNullOrEmpty(type) ? method : $"{type}.{method}";
        return string.IsNullOrEmpty(parameters) ? name : $"{name}({parameters})";
    }
}
