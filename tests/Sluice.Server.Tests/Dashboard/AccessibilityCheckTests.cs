namespace Sluice.Server.Tests.Dashboard;

/// <summary>The accessibility check the page tests rely on finds what it should: a check that finds nothing proves nothing.</summary>
public sealed class AccessibilityCheckTests
{
    [Fact(Timeout = 120_000)]
    public async Task The_check_reports_an_image_without_text_and_a_button_without_a_name_and_passes_a_page_without_them()
    {
        await using var browser = await Browser.StartAsync("http://127.0.0.1:9");
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html lang=en><title>t</title><main><img src=data:, ><button></button></main></html>");
        var problems = await Browser.SeriousAccessibilityProblemsAsync(page);
        Assert.Contains(problems, p => p.StartsWith("image-alt (critical)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("button-name (critical)", StringComparison.Ordinal));

        await page.SetContentAsync("<!doctype html><html lang=en><title>t</title><main><img src=data:, alt=logo><button>Go</button></main></html>");
        Assert.Empty(await Browser.SeriousAccessibilityProblemsAsync(page));
    }
}
