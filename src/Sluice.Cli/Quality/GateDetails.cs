using System.Globalization;
using Sluice.Quality.History;
using Sluice.Quality.Patch;

namespace Sluice.Cli.Quality;

/// <summary>The findings behind the metrics, as lines a person can act on: which tests, which benchmarks, which lines.</summary>
internal static class GateDetails
{
    private const int MaxItems = 20;

    public static IReadOnlyList<string> Lines(HistoryReport? history, PatchCoverage? patch)
    {
        var lines = new List<string>();
        if (history is not null)
        {
            var newFailures = history.NewFailures;
            Section(lines, "New failures (passed on the base branch's latest run)", newFailures.Listed.Select(f => $"{f.Id}{(f.Message is null ? "" : ": " + FirstLine(f.Message))}"), newFailures.Count);
            Section(lines, "Flaky tests failing now, not quarantined", history.Flaky.Unquarantined.Select(f => $"{f.Id} ({f.Signals}; fails {(100 * f.FailureRate).ToString("0.#", CultureInfo.InvariantCulture)}% of {f.Runs} runs)"));
            Section(lines, "Quarantined tests failing now (not counted)", history.Flaky.QuarantinedFailures.Select(t => t.Id));
            Section(lines, "Benchmark regressions", history.Benchmarks.Where(b => b.Status == BenchmarkStatus.Regressed).Select(b =>
                $"{b.Name}: {ReportText.Nanoseconds(b.Current)} against a mean of {ReportText.Nanoseconds(b.BaselineMean ?? 0)} (upper bound {ReportText.Nanoseconds(b.UpperBound ?? 0)}, {b.SampleCount} samples, {(100 * (b.RelativeChange ?? 0)).ToString("+0.#;-0.#", CultureInfo.InvariantCulture)}%)"));
        }

        if (patch is not null)
        {
            Section(lines, "Changed lines not covered", patch.Files.Where(f => f.MissedLines.Count > 0).Select(f => $"{f.Path}: {Ranges(f.MissedLines)}"));
        }

        return lines;
    }

    /// <param name="total">How many items there are, when <paramref name="items"/> lists only the first of them.</param>
    private static void Section(List<string> lines, string title, IEnumerable<string> items, int? total = null)
    {
        var shown = items.Take(MaxItems).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        lines.Add($"{title}:");
        lines.AddRange(shown.Select(i => "  " + i));
        var count = total ?? shown.Count + items.Skip(MaxItems).Count();
        if (count > shown.Count)
        {
            lines.Add($"  ... and {count - shown.Count} more");
        }
    }

    /// <summary>12, 13, 14, 20 as "12-14, 20".</summary>
    private static string Ranges(IReadOnlyList<int> lines)
    {
        var parts = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var start = lines[i];
            while (i + 1 < lines.Count && lines[i + 1] == lines[i] + 1)
            {
                i++;
            }

            parts.Add(start == lines[i] ? $"{start}" : $"{start}-{lines[i]}");
        }

        return string.Join(", ", parts);
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 160 ? line[..160] + "…" : line;
    }
}
