using System.Globalization;
using System.Text;
using Sluice.Protocol;

namespace Sluice.Cli.Server;

/// <summary>
/// <c>sluice dora</c>'s text: each key in human units with how many records it comes from and its band, then one
/// character a day for deployments and for failures (docs/dora.md).
/// </summary>
internal static class DoraText
{
    public static void Write(TextWriter output, DoraView dora)
    {
        var days = (int)Math.Round((dora.To - dora.From).TotalDays);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{dora.Repository} ({dora.Environment ?? "all environments"}): {dora.From:yyyy-MM-dd HH:mm} to {dora.To:yyyy-MM-dd HH:mm} UTC, {Counted(days, "day")}"));
        Key(output, "deployment frequency", Frequency(dora.DeploymentFrequency.Value), Counted(dora.DeploymentFrequency.Count, "healthy deployment"), dora.DeploymentFrequency.Band);
        Key(output, "lead time", Duration(dora.LeadTime.Value), "median of " + Counted(dora.LeadTime.Count, "deployment"), dora.LeadTime.Band);
        Key(output, "change failure rate", Percent(dora.ChangeFailureRate.Value), FailedOf(dora), dora.ChangeFailureRate.Band);
        Key(output, "time to restore", Duration(dora.TimeToRestore.Value), "median of " + Counted(dora.TimeToRestore.Count, "failure"), dora.TimeToRestore.Band);
        output.WriteLine();
        output.WriteLine($"{"deployed",-9} {Daily(dora.Days.Select(d => d.Deployments))}");
        output.WriteLine($"{"failed",-9} {Daily(dora.Days.Select(d => d.Failures))}");
        if (dora.Days.Count > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-9} one character a day from {dora.Days[0].Day:yyyy-MM-dd}: . none, 1-9, + ten or more"));
        }
    }

    private static void Key(TextWriter output, string name, string value, string count, string? band) =>
        output.WriteLine($"{name,-21} {value,10}  {band ?? "-",-6}  {count}");

    private static string FailedOf(DoraView dora)
    {
        var changes = dora.ChangeFailureRate.Count;
        var failed = (int)Math.Round((dora.ChangeFailureRate.Value ?? 0) * changes);
        return string.Create(CultureInfo.InvariantCulture, $"{failed} of {Counted(changes, "change")}");
    }

    private static string Counted(int count, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {what}{(count == 1 ? "" : "s")}");

    /// <summary>A day's count as one character: <c>.</c> for none, a digit, <c>+</c> for ten or more.</summary>
    public static string Daily(IEnumerable<int> counts)
    {
        var line = new StringBuilder();
        foreach (var count in counts)
        {
            line.Append(count switch { 0 => '.', < 10 => (char)('0' + count), _ => '+' });
        }

        return line.ToString();
    }

    /// <summary>Per day when once a day or more, else per week, else per month (30 days); a dash for nothing known.</summary>
    public static string Frequency(double? perDay) => perDay switch
    {
        null => "-",
        0 => "none",
        >= 1 => string.Create(CultureInfo.InvariantCulture, $"{perDay:0.##}/day"),
        >= 1.0 / 7 => string.Create(CultureInfo.InvariantCulture, $"{perDay * 7:0.##}/week"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{perDay * 30:0.##}/month"),
    };

    public static string Percent(double? share) => share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0.#}%") : "-";

    /// <summary>Seconds under a minute, then minutes and seconds, hours and minutes, days and hours.</summary>
    public static string Duration(double? seconds) => seconds switch
    {
        null => "-",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s"),
        < 86_400 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 86_400)}d{(int)(seconds % 86_400 / 3600):00}h"),
    };
}
