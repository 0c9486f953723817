using Sluice.Server.Storage;
using Sluice.Server.Storage.Sqlite;

namespace Sluice.DashboardBudget;

/// <summary>
/// Fills a server's SQLite store with finished runs before the server starts, as years of use would: several
/// repositories, workflows, branches, events and conclusions, newest last. Written through the store's own API.
/// </summary>
internal static class RunSeeder
{
    private static readonly string[] Repositories = ["shop", "payments", "search", "catalog", "checkout"];
    private static readonly string[] Workflows = ["CI", "Nightly", "Deploy", "Lint"];
    private static readonly string[] Branches = ["main", "release/2026.12", "feature/cart-totals", "fix/tax-rounding", "renovate/npm"];
    private static readonly string[] Events = ["push", "pull_request", "schedule", "workflow_dispatch"];
    private static readonly string[] Conclusions = ["success", "success", "success", "failure", "cancelled", "success", "skipped"];

    public static async Task SeedAsync(string dataDirectory, int runs, DateTimeOffset now)
    {
        Directory.CreateDirectory(dataDirectory);
        await using var store = await SqliteServerStore.OpenAsync(Path.Combine(dataDirectory, "sluice.db"), CancellationToken.None);
        var repositories = new List<RepositoryRecord>();
        foreach (var name in Repositories)
        {
            repositories.Add(await store.RepositoryAsync(name, CancellationToken.None)
                ?? await store.AddRepositoryAsync(name, $"https://git.example.com/shop/{name}.git", null, null, now, CancellationToken.None));
        }

        for (var i = 0; i < runs; i++)
        {
            var at = now - TimeSpan.FromMinutes(runs - i);
            var workflow = Workflows[i % Workflows.Length];
            var run = await store.CreateRunAsync(
                new NewRun(repositories[i % repositories.Count].Id, workflow, $".github/workflows/{workflow.ToLowerInvariant()}.yml", "on: push\njobs: {}\n",
                    Events[i / 3 % Events.Length], $"refs/heads/{Branches[i / 7 % Branches.Length]}", Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 2654435761)).PadRight(40, '0'), "{}", "seed", false),
                at,
                CancellationToken.None);
            await store.FinishRunAsync(run.Id, Conclusions[i % Conclusions.Length], at + TimeSpan.FromSeconds(30 + (i % 600)), CancellationToken.None);
        }
    }
}
