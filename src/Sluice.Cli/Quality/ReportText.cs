using System.Globalization;
using Sluice.Quality.Summary;

namespace Sluice.Cli.Quality;

/// <summary>The human form of <c>sluice report</c>: one compact block per kind of data, then the failing tests.</summary>
internal static class ReportText
{
    public static void Write(TextWriter output, QualitySummary summary)
    {
        var formats = summary.Files.Where(f => f.Format is not null).GroupBy(f => SummaryJson.FormatName(f.Format!.Value))
            .Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"files       {summary.Files.Count} ({string.Join(", ", formats)})");
        foreach (var file in summary.Files.Where(f => f.Error is not null))
        {
            output.WriteLine($"error: {file.Error}");
        }

        if (summary.Tests is { } t)
        {
            output.WriteLine($"tests       {t.Total} total, {t.Passed} passed, {t.Failed} failed, {t.Errored} errored, {t.Skipped} skipped, {t.Flaky} flaky in {Seconds(t.DurationSeconds)}");
        }

        if (summary.Coverage is { } c)
        {
            output.WriteLine($"coverage    lines {Percent(c.LineRate)} ({c.LinesCovered}/{c.LinesValid}), branches {Percent(c.BranchRate)} ({c.BranchesCovered}/{c.BranchesValid}) in {c.Files.Count} files");
        }

        if (summary.Benchmarks.Count > 0)
        {
            output.WriteLine($"benchmarks  {summary.Benchmarks.Count}");
            var width = Math.Min(70, summary.Benchmarks.Max(b => b.Name.Length));
            foreach (var b in summary.Benchmarks)
            {
                output.WriteLine($"  {b.Name.PadRight(width)}  {Nanoseconds(b.MeanNs)} ± {Nanoseconds(b.StdDevNs)}{(b.AllocatedBytes is { } a ? $"  {a} B allocated" : "")}");
            }
        }

        if (summary.Tests is { FirstFailures.Count: > 0 } tests)
        {
            output.WriteLine("failed tests:");
            foreach (var f in tests.FirstFailures)
            {
                var place = f.File is null ? "" : $" ({f.File}{(f.Line is { } l ? $":{l}" : "")})";
                output.WriteLine($"  {f.Id}{place}: {FirstLine(f.Message)}");
            }

            var more = tests.Failed + tests.Errored - tests.FirstFailures.Count;
            if (more > 0)
            {
                output.WriteLine($"  ... and {more} more (use --format json for all)");
            }
        }
    }

    public static string Percent(double? rate) => rate is { } r ? (100 * r).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public static string Nanoseconds(double ns) => ns switch
    {
        >= 1e9 => (ns / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (ns / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.###", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("0.###", CultureInfo.InvariantCulture) + " ns",
    };

    private static string FirstLine(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "(no message)";
        }

        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
