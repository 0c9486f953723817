using System.Text.Json;

namespace Sluice.Quality.Reports.Benchmarks;

/// <summary>
/// Reads Google Benchmark's JSON output (--benchmark_format=json or --benchmark_out). With repetitions, the
/// _mean and _stddev aggregates are the result; without them, the iteration runs of one name are averaged.
/// Times are converted from the run's time_unit to nanoseconds. Runs that reported an error are left out, as are
/// aggregates other than mean and stddev (median, cv, BigO, RMS).
/// </summary>
public sealed class GoogleBenchmarkReader(GoogleBenchmarkClock clock = GoogleBenchmarkClock.RealTime) : IReportReader
{
    private static readonly string[] AggregateSuffixes = ["_mean", "_median", "_stddev", "_cv"];

    public ReportFormat Format => ReportFormat.GoogleBenchmark;

    public bool CanRead(string head) =>
        head.Contains("\"context\"", StringComparison.Ordinal) && head.Contains("\"benchmarks\"", StringComparison.Ordinal);

    public void Read(Stream stream, string fileName, IReportSink sink, CancellationToken cancellationToken)
    {
        using var document = BenchmarkJson.Parse(stream, fileName, cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("benchmarks", out var benchmarks)
            || benchmarks.ValueKind != JsonValueKind.Array)
        {
            throw new ReportReadException(fileName, null, "not a Google Benchmark JSON report: expected an object with a \"benchmarks\" array");
        }

        var runs = new Dictionary<string, GoogleBenchmarkRuns>(StringComparer.Ordinal);
        var order = new List<GoogleBenchmarkRuns>();
        var index = 0;
        foreach (var run in benchmarks.EnumerateArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = $"benchmarks[{index++}]";
            if (run.ValueKind != JsonValueKind.Object)
            {
                throw new ReportReadException(fileName, null, $"{path} is not an object");
            }

            if (run.TryGetProperty("error_occurred", out var error) && error.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            var name = BenchmarkJson.OptionalString(run, "name") ?? throw new ReportReadException(fileName, null, $"{path}.name is missing");
            var (runName, aggregate) = Classify(run, name);
            if (aggregate is not (null or "mean" or "stddev"))
            {
                continue;
            }

            if (!runs.TryGetValue(runName, out var collected))
            {
                collected = new GoogleBenchmarkRuns(runName);
                runs.Add(runName, collected);
                order.Add(collected);
            }

            var time = TimeNs(run, path, fileName);
            switch (aggregate)
            {
                case "mean":
                    collected.MeanNs = time;
                    collected.Repetitions = (int?)BenchmarkJson.OptionalNumber(run, "repetitions", path, fileName);
                    break;
                case "stddev":
                    collected.StdDevNs = time;
                    break;
                default:
                    collected.IterationTimesNs.Add(time);
                    break;
            }
        }

        foreach (var collected in order)
        {
            if (collected.ToResult() is { } result)
            {
                sink.OnBenchmark(result);
            }
        }
    }

    // Since v1.5 runs say what they are (run_type, aggregate_name, run_name); before, only the name's suffix did.
    private static (string RunName, string? Aggregate) Classify(JsonElement run, string name)
    {
        var runType = BenchmarkJson.OptionalString(run, "run_type");
        if (runType == "iteration")
        {
            return (BenchmarkJson.OptionalString(run, "run_name") ?? name, null);
        }

        if (runType == "aggregate")
        {
            var aggregate = BenchmarkJson.OptionalString(run, "aggregate_name") ?? "";
            return (BenchmarkJson.OptionalString(run, "run_name") ?? StripSuffix(name, "_" + aggregate), aggregate);
        }

        foreach (var suffix in AggregateSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (name[..^suffix.Length], suffix[1..]);
            }
        }

        return (name, null);
    }

    private static string StripSuffix(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;

    private double TimeNs(JsonElement run, string path, string fileName)
    {
        var field = clock == GoogleBenchmarkClock.CpuTime ? "cpu_time" : "real_time";
        var time = BenchmarkJson.RequireNumber(run, field, path, fileName);
        var unit = BenchmarkJson.OptionalString(run, "time_unit") ?? "ns";
        var factor = unit switch
        {
            "ns" => 1d,
            "us" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            _ => throw new ReportReadException(fileName, null, $"{path}.time_unit \"{BenchmarkJson.Shorten(unit)}\" is not ns, us, ms or s"),
        };

        return double.IsFinite(time) && time >= 0
            ? time * factor
            : throw new ReportReadException(fileName, null, $"{path}.{field} is {time}, not a time");
    }
}
