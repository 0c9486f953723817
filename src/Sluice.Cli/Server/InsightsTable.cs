using System.Globalization;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>The figures as a table of days, oldest first, then the two lists of tests; a figure of nothing is a dash.</summary>
internal static class InsightsTable
{
    public static void Write(TextWriter output, string repository, InsightsView insights)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{repository}: {insights.From:yyyy-MM-dd} to {insights.To:yyyy-MM-dd} (UTC)"));
        output.WriteLine($"{"day",-10}  {"runs",5} {"ok",5} {"fail",5} {"cancel",6} {"success",7}  {"p50",7} {"p95",7}  {"wait50",7} {"wait95",7}  {"gates",5} {"flaky",5} {"rate",5}");
        foreach (var day in insights.Days)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{day.Day:yyyy-MM-dd}  {day.Runs,5} {day.Succeeded,5} {day.Failed,5} {day.Cancelled,6} {Percent(day.SuccessRate),7}  {Duration(day.DurationP50Seconds),7} {Duration(day.DurationP95Seconds),7}  {Duration(day.QueueWaitP50Seconds),7} {Duration(day.QueueWaitP95Seconds),7}  {day.QualityRuns,5} {day.FlakyRuns,5} {Percent(day.FlakyRate),5}"));
        }

        output.WriteLine();
        output.WriteLine(insights.SlowestTests.Count == 0 ? "slowest tests: none recorded" : "slowest tests (mean duration, results):");
        foreach (var test in insights.SlowestTests)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Duration(test.DurationSeconds),8} {test.Runs,5}  {test.Test}"));
        }

        output.WriteLine(insights.MostFailingTests.Count == 0 ? "most failing tests: none failed" : "most failing tests (failures/results):");
        foreach (var test in insights.MostFailingTests)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {$"{test.Failures}/{test.Runs}",8} {Percent(test.FailureRate),5}  {test.Test}"));
        }
    }

    public static string Percent(double? rate) => rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0}%") : "-";

    /// <summary>Seconds to a tenth under a minute, then minutes and seconds, then hours and minutes.</summary>
    public static string Duration(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m"),
    };
}
