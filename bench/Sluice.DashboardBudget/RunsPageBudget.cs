using Microsoft.Playwright;

namespace Sluice.DashboardBudget;

/// <summary>
/// The runs page on first load (a fresh browser profile each round: nothing cached): bytes transferred, as the browser's
/// resource timing counts them (compressed bodies and headers), and the time from navigation to its 50 rows drawn.
/// </summary>
internal static class RunsPageBudget
{
    public const string TransferScript = """
        () => {
          const navigation = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource').filter(r => !r.name.includes('/api/v1/events'));
          return navigation.transferSize + resources.reduce((total, r) => total + r.transferSize, 0);
        }
        """;

    private const string DrawnScript = """
        new MutationObserver((_, observer) => {
          if (document.querySelectorAll('table.runs tbody tr').length >= 50) {
            requestAnimationFrame(() => { window.sluiceRowsDrawnAt = performance.now(); });
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
        """;

    public const string TraceScript = """
        () => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
          .map(e => `${e.startTime.toFixed(0).padStart(5)} ${e.responseEnd.toFixed(0).padStart(5)} ${e.transferSize} ${e.name.replace(location.origin, '')}`)
          .join('\n')
        """;

    public static async Task<(double Milliseconds, double Bytes)> MeasureAsync(IBrowser browser, string url, string token)
    {
        await using var context = await Session.NewSignedInContextAsync(browser, url, token);
        var page = await context.NewPageAsync();
        // The moment the 50th row is in the page, taken in the page itself (not when the driver next looks).
        await page.AddInitScriptAsync(DrawnScript);
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        var rendered = await (await page.WaitForFunctionAsync("() => window.sluiceRowsDrawnAt ?? false", null, new() { Timeout = 120_000 })).JsonValueAsync<double>();
        await page.WaitForLoadStateAsync(LoadState.Load);
        var bytes = await page.EvaluateAsync<double>(TransferScript);
        if (Environment.GetEnvironmentVariable("SLUICE_BENCH_TRACE") is not null)
        {
            // Where the time went: each request's start and end, from the navigation's start.
            var trace = await page.EvaluateAsync<string>(TraceScript);
            Console.Error.WriteLine($"{trace}\n  rows drawn at {rendered:0} ms");
        }

        return (rendered, bytes);
    }
}
