using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// Headless Chromium driven by Playwright, as a person's browser on the dashboard: Debian's own <c>chromium</c>
/// (test.sh installs it; these machines cannot download Playwright's), or the one <c>SLUICE_TEST_CHROMIUM</c> names.
/// Every dialog a page opens is recorded (a script injected through a hostile string would show up there), and so is
/// every error a page's scripts throw.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser, IBrowserContext context)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
    }

    public IBrowserContext Context { get; }

    public List<string> Dialogs { get; } = [];

    public List<string> PageErrors { get; } = [];

    public static string ChromiumPath => Environment.GetEnvironmentVariable("SLUICE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Browser> StartAsync(string baseUrl)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"no Chromium at {ChromiumPath}: test.sh installs Debian's (apt-get install chromium); set SLUICE_TEST_CHROMIUM to use another");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 860 } });
        context.SetDefaultTimeout((float)Infrastructure.Fleet.Patience.TotalMilliseconds);
        var started = new Browser(playwright, browser, context);
        context.Page += (_, page) =>
        {
            page.Dialog += async (_, dialog) =>
            {
                started.Dialogs.Add(dialog.Message);
                await dialog.DismissAsync();
            };
            page.PageError += (_, error) => started.PageErrors.Add(error);
        };
        return started;
    }

    public Task<IPage> NewPageAsync() => Context.NewPageAsync();

    /// <summary>Signs in through the sign-in page with a token, as a person would, and waits for the page it returns to.</summary>
    public async Task<IPage> SignInAsync(string token, string next = "/")
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"/sign-in?next={Uri.EscapeDataString(next)}");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[^?#]*//[^/]+" + System.Text.RegularExpressions.Regex.Escape(next) + "$"));
        return page;
    }

    /// <summary>
    /// axe-core's findings on the page as it stands that are serious or critical, described one per line. Log text a
    /// program coloured itself (256-colour and true-colour escapes, set as the element's own style) is left out: its
    /// contrast is the program's choice; the page's own colours, the 16-colour palette included, are all checked.
    /// axe-core comes from npm (this project's package.json) and is evaluated through the browser's debugging
    /// protocol, which the page's content security policy does not govern, as it should not govern a tester.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityProblemsAsync(IPage page)
    {
        await page.EvaluateAsync(AxeSource.Value);
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run({ exclude: [['.log-text > span[style]']] }, { resultTypes: ['violations'] }))
              .violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString() ?? "")];
    }

    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    /// <summary>
    /// A screenshot of the page for the documentation, written to <c>SLUICE_SCREENSHOTS</c> (when set) as NAME.png:
    /// the tests make them from real runs, and docs/ keeps the ones they made.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SLUICE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
