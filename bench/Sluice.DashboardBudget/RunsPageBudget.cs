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

    public static async Task<(double Milliseconds, double Bytes)> MeasureAsync(IBrowser browser, string url, string token)
    {
        await using var context = await Session.NewSignedInContextAsync(browser, url, token);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("table.runs tbody tr").Nth(49).WaitForAsync();
        var rendered = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForLoadStateAsync(LoadState.Load);
        var bytes = await page.EvaluateAsync<double>(TransferScript);
        return (rendered, bytes);
    }
}
