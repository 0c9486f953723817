using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Sluice.DashboardBudget;

/// <summary>
/// The job page's budgets, with a real agent running real steps: a 100,000-line log (<c>seq 100000</c>) opened in a
/// fresh profile until a search for its line 99999 has found it; and lines a running step prints (fed through a FIFO by
/// the benchmark) from the moment the benchmark hands a line to the step to the moment the open page shows it.
/// </summary>
internal static class LogBudgets
{
    public static async Task<IReadOnlyList<Budget>> MeasureAsync(IBrowser browser, string url, string token, string folder, BudgetOptions options)
    {
        var fifo = Path.Combine(folder, "lines.fifo");
        Process.Start("mkfifo", [fifo]).WaitForExit();
        var repository = Path.Combine(folder, "repo");
        CreateRepository(repository, options, fifo);

        using var api = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await api.PostAsJsonAsync("/api/v1/repos", new { name = "budget", url = repository })).EnsureSuccessStatusCode();
        var registration = await api.PostAsJsonAsync("/api/v1/tokens", new { scope = "agent", description = "budget agent" });
        registration.EnsureSuccessStatusCode();
        var agentToken = (await registration.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        using var agent = SluiceProcess.Start(options.Sluice, folder, "agent", "--server", url, "--token", agentToken, "--name", "budget-agent", "--work", Path.Combine(folder, "agent"));
        await agent.WaitForLineAsync(l => l.Contains(" is ready; waiting for jobs", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        var longRun = await TriggerAsync(api, "long.yml");
        await WaitForEndAsync(api, longRun);
        var searchable = new List<double>();
        for (var round = 0; round < options.Rounds + 1; round++)
        {
            var ms = await SearchableAsync(browser, url, token, longRun, (options.LogLines - 1).ToString(CultureInfo.InvariantCulture));
            if (round > 0)
            {
                searchable.Add(ms); // the first opening warms the server up
            }
        }

        var liveRun = await TriggerAsync(api, "live.yml");
        var latencies = await LiveLinesAsync(browser, url, token, liveRun, fifo, options.LiveLines);
        return
        [
            new Budget($"job page, {options.LogLines:N0}-line log: opened until a search finds line {options.LogLines - 1}", "ms", searchable, 1000),
            new Budget("a line printed by a step until it shows in the open page", "ms", latencies, 1000),
        ];
    }

    private static async Task<double> SearchableAsync(IBrowser browser, string url, string token, long run, string needle)
    {
        await using var context = await Session.NewSignedInContextAsync(browser, url, token);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/runs/{run}/jobs/long", new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(needle);
        var found = await page.WaitForFunctionAsync(
            "() => /^1( of 1| matches)$/.test(document.querySelector('.log-count')?.textContent ?? '') ? performance.now() : false",
            null,
            new() { PollingInterval = 5, Timeout = 120_000 });
        var searchable = await found.JsonValueAsync<double>();
        if (Environment.GetEnvironmentVariable("SLUICE_BENCH_TRACE") is not null)
        {
            Console.Error.WriteLine($"{await page.EvaluateAsync<string>(RunsPageBudget.TraceScript)}\n  searchable at {searchable:0} ms");
        }

        return searchable;
    }

    private static async Task<List<double>> LiveLinesAsync(IBrowser browser, string url, string token, long run, string fifo, int count)
    {
        await using var context = await Session.NewSignedInContextAsync(browser, url, token);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/runs/{run}/jobs/live");
        await page.Locator(".log-viewer[data-state='live']").WaitForAsync(new() { Timeout = 120_000 });
        var latencies = new List<double>();
        await using var writer = new StreamWriter(new FileStream(fifo, FileMode.Open, FileAccess.Write)) { AutoFlush = true };
        for (var i = 0; i < count; i++)
        {
            var marker = $"live-line-{i}-end";
            var waiting = page.WaitForFunctionAsync(
                "m => document.querySelector('.log-viewer')?.textContent.includes(m) ? Date.now() : false",
                marker,
                new() { PollingInterval = 5, Timeout = 60_000 });
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await writer.WriteLineAsync(marker);
            var shown = await (await waiting).JsonValueAsync<double>();
            latencies.Add(shown - sent);
        }

        return latencies;
    }

    private static void CreateRepository(string folder, BudgetOptions options, string fifo)
    {
        Directory.CreateDirectory(Path.Combine(folder, ".github", "workflows"));
        File.WriteAllText(Path.Combine(folder, ".github", "workflows", "long.yml"), $$"""
            on: workflow_dispatch
            jobs:
              long:
                runs-on: ubuntu-latest
                steps:
                  - run: seq {{options.LogLines}}
            """);
        File.WriteAllText(Path.Combine(folder, ".github", "workflows", "live.yml"), $$"""
            on: workflow_dispatch
            jobs:
              live:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      exec 3<"{{fifo}}"
                      for i in $(seq {{options.LiveLines}}); do read -r line <&3; echo "$line"; done
            """);
        foreach (var args in new[] { "init -q -b main", "add -A", "-c user.name=bench -c user.email=bench@localhost commit -q -m workflows" })
        {
            using var git = Process.Start(new ProcessStartInfo("git", args) { WorkingDirectory = folder })!;
            git.WaitForExit();
        }
    }

    private static async Task<long> TriggerAsync(HttpClient api, string workflow)
    {
        var response = await api.PostAsJsonAsync("/api/v1/repos/budget/runs", new { @event = "workflow_dispatch", workflow });
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("runs")[0].GetProperty("id").GetInt64();
    }

    private static async Task WaitForEndAsync(HttpClient api, long run)
    {
        while (true)
        {
            using var state = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/runs/{run}")));
            if (state.RootElement.GetProperty("status").GetString() == "completed")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
