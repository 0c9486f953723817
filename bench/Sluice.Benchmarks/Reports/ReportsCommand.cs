using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Quality.Reports;

namespace Sluice.Benchmarks.Reports;

/// <summary>
/// <c>--reports --kind junit|cobertura|lcov --file BIG --warmup-file SMALL [--baseline]</c>: one measurement, meant
/// to run in a fresh process (bench/reports/run.sh starts one per reader and file) so that the peak RSS belongs to
/// it. Reads the small file for 1 s and at least 40 times (BENCH_WARMUP_READS) to warm the code up, then the big one once through
/// <see cref="ReportReaders.ReadFile"/> into a <see cref="CountingSink"/>, and prints one JSON line of the shape
/// bench/reports/measure.mjs prints. <c>--baseline</c> times a bare XmlReader (or newline count for lcov) instead.
/// </summary>
internal static class ReportsCommand
{
    private static readonly int WarmupReads = int.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP_READS"), out var n) ? n : 40;

    private const string Usage = "usage: --reports --kind junit|cobertura|lcov --file BIG --warmup-file SMALL [--baseline]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? kind = null, file = null, warmupFile = null;
        var baseline = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--kind" when i + 1 < args.Length:
                    kind = args[++i];
                    break;
                case "--file" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                case "--warmup-file" when i + 1 < args.Length:
                    warmupFile = args[++i];
                    break;
                case "--baseline":
                    baseline = true;
                    break;
                default:
                    error.WriteLine($"unknown argument '{args[i]}'. {Usage}");
                    return 2;
            }
        }

        if (Expected(kind) is not { } format || file is null || warmupFile is null || !File.Exists(file) || !File.Exists(warmupFile))
        {
            error.WriteLine($"--kind, --file and --warmup-file are required and the files must exist. {Usage}");
            return 2;
        }

        Func<string, Measured> measure = baseline ? path => MeasureBaseline(format, path) : path => MeasureReader(format, path);
        // Warm-up: reads of the small file for 1 s and at least WarmupReads times (the same rule as measure.mjs),
        // so that the methods called once per read pass the JIT's call-count threshold for tier-1 as well.
        var warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        for (var reads = 0; reads < WarmupReads || Stopwatch.GetTimestamp() < warmupEnd; reads++)
        {
            measure(warmupFile);
        }

        var rssBeforeKb = ProcessMemory.CurrentKb();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var result = measure(file);
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        output.WriteLine(Describe(kind!, baseline, file, result, cpu, rssBeforeKb, GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore, gcBefore));
        return result.Error is null ? 0 : 1;
    }

    private static ReportFormat? Expected(string? kind) => kind switch
    {
        "junit" => ReportFormat.JUnit,
        "cobertura" => ReportFormat.Cobertura,
        "lcov" => ReportFormat.Lcov,
        _ => null,
    };

    private static Measured MeasureReader(ReportFormat format, string path)
    {
        var sink = new CountingSink();
        var start = Stopwatch.GetTimestamp();
        try
        {
            var reader = ReportReaders.ReadFile(path, sink, CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(start);
            return reader.Format == format
                ? new Measured(elapsed, sink, null)
                : new Measured(elapsed, sink, $"detected {reader.Format}, expected {format}");
        }
        catch (ReportReadException e)
        {
            return new Measured(Stopwatch.GetElapsedTime(start), sink, e.Message);
        }
    }

    private static Measured MeasureBaseline(ReportFormat format, string path)
    {
        var start = Stopwatch.GetTimestamp();
        var count = format == ReportFormat.Lcov ? ReaderBaseline.Newlines(path) : ReaderBaseline.XmlNodes(path);
        return new Measured(Stopwatch.GetElapsedTime(start), null, null, count);
    }

    private static string Describe(string kind, bool baseline, string file, Measured result, TimeSpan cpu, long rssBeforeKb, long allocated, (int, int, int) gcBefore)
    {
        var bytes = new FileInfo(file).Length;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("side", "sluice");
            json.WriteString("reader", baseline ? $"{kind}-baseline" : kind);
            json.WriteString("package", baseline ? (kind == "lcov" ? "newline count" : "System.Xml.XmlReader") : $"Sluice.Quality {Compare.Versions.Of<IReportSink>()}");
            json.WriteString("file", file);
            json.WriteNumber("bytes", bytes);
            json.WriteString("runtime", $"{Compare.Versions.Runtime} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
            json.WriteBoolean("ok", result.Error is null);
            if (result.Error is not null)
            {
                json.WriteString("error", result.Error);
            }

            var ms = result.Elapsed.TotalMilliseconds;
            json.WriteNumber("ms", Math.Round(ms, 1));
            json.WriteNumber("mb_per_second", Math.Round(bytes / 1048576.0 / (ms / 1000), 2));
            json.WriteNumber("cpu_ms", Math.Round(cpu.TotalMilliseconds, 1));
            json.WriteNumber("mb_per_cpu_second", Math.Round(bytes / 1048576.0 / cpu.TotalSeconds, 2));
            json.WriteStartObject("counts");
            if (result.Sink is { } sink)
            {
                WriteCounts(json, kind, sink);
            }
            else
            {
                json.WriteNumber(kind == "lcov" ? "newlines" : "elements", result.BaselineCount);
            }

            json.WriteEndObject();
            json.WriteNumber("allocated_mb", Math.Round(allocated / 1048576.0, 1));
            json.WriteNumber("gc0", GC.CollectionCount(0) - gcBefore.Item1);
            json.WriteNumber("gc1", GC.CollectionCount(1) - gcBefore.Item2);
            json.WriteNumber("gc2", GC.CollectionCount(2) - gcBefore.Item3);
            json.WriteNumber("rss_before_kb", rssBeforeKb);
            json.WriteNumber("peak_rss_kb", ProcessMemory.PeakKb());
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCounts(Utf8JsonWriter json, string kind, CountingSink sink)
    {
        if (kind == "junit")
        {
            json.WriteNumber("test_cases", sink.TestCases);
            json.WriteNumber("failures", sink.Failures);
            json.WriteNumber("message_chars", sink.MessageChars);
            return;
        }

        json.WriteNumber("files", sink.Files);
        json.WriteNumber("lines", sink.Lines);
        json.WriteNumber("covered_lines", sink.CoveredLines);
        json.WriteNumber("branches", sink.Branches);
    }

    private sealed record Measured(TimeSpan Elapsed, CountingSink? Sink, string? Error, long BaselineCount = 0);
}
