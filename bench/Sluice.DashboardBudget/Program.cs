using System.Globalization;
using Microsoft.Playwright;
using Sluice.DashboardBudget;

// The dashboard's budgets (issue 13), measured in headless Chromium against a real `sluice server`:
//   the runs page transfers at most 150 KB compressed on first load and renders in under 300 ms with 10,000 runs stored;
//   a 100,000-line log is searchable within 1 s of opening; a line printed by a step appears in an open browser within 1 s.
// bench/dashboard/run.sh runs it; docs/benchmarks.md keeps the figures.
var options = BudgetOptions.Parse(args);
var folder = Directory.CreateTempSubdirectory("sluice-dashboard-budget-").FullName;
try
{
    var data = Path.Combine(folder, "data");
    Console.Error.WriteLine($"seeding {options.Runs} runs ...");
    await RunSeeder.SeedAsync(data, options.Runs, DateTimeOffset.UtcNow);
    var (server, url) = await SluiceProcess.StartServerAsync(options.Sluice, folder, data);
    using var _ = server;
    var token = File.ReadAllText(Path.Combine(data, "admin.token")).Trim();

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = options.Chromium, Headless = true, Args = ["--no-sandbox"] });

    var results = new List<Budget>();
    var runsPage = new List<(double Milliseconds, double Bytes)>();
    await RunsPageBudget.MeasureAsync(browser, url, token); // warm-up: the server's first queries and the JIT
    for (var round = 0; round < options.Rounds; round++)
    {
        runsPage.Add(await RunsPageBudget.MeasureAsync(browser, url, token));
    }

    results.Add(new Budget($"runs page first load, {options.Runs:N0} runs stored: transfer", "KB", runsPage.Select(r => r.Bytes / 1024).ToList(), 150));
    results.Add(new Budget($"runs page first load, {options.Runs:N0} runs stored: 50 rows drawn", "ms", runsPage.Select(r => r.Milliseconds).ToList(), 300));

    results.AddRange(await LogBudgets.MeasureAsync(browser, url, token, folder, options));

    Console.WriteLine($"| budget | median | min | max | limit | rounds |");
    Console.WriteLine($"|---|---|---|---|---|---|");
    foreach (var budget in results)
    {
        Console.WriteLine(budget.Row());
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

/// <summary>One budget's measurements and its limit.</summary>
internal sealed record Budget(string What, string Unit, IReadOnlyList<double> Values, double Limit)
{
    public double Median
    {
        get
        {
            var sorted = Values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {What} | {Median:0.#} {Unit} | {Values.Min():0.#} | {Values.Max():0.#} | {Limit:0.#} {Unit} ({(Median <= Limit ? "met" : "MISSED")}) | {Values.Count} |");
}
