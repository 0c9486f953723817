using System.Globalization;

namespace Sluice.DashboardBudget;

internal sealed record BudgetOptions(string Sluice, string Chromium, int Runs, int Rounds, int LogLines, int LiveLines)
{
    private const string Usage = "usage: Sluice.DashboardBudget --sluice PATH (the sluice binary, or sluice.dll) [--chromium PATH] [--runs N] [--rounds N] [--log-lines N] [--live-lines N]";

    public static BudgetOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException(Usage);
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Number(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new BudgetOptions(
            values.TryGetValue("sluice", out var sluice) ? Path.GetFullPath(sluice) : throw new ArgumentException(Usage),
            values.GetValueOrDefault("chromium", "/usr/bin/chromium"),
            Number("runs", 10_000),
            Number("rounds", 5),
            Number("log-lines", 100_000),
            Number("live-lines", 20));
    }
}
