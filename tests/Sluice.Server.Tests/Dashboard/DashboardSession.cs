using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// A fleet (a real <c>sluice server</c> and agents) and a browser on its dashboard, for one test: pages are opened
/// signed in with the admin token, through the sign-in page, unless a test says otherwise. Each test ends with
/// <see cref="AssertNoScriptTrouble"/>: no page script failed and no dialog opened.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private DashboardSession(Fleet fleet, Browser browser)
    {
        Fleet = fleet;
        Browser = browser;
    }

    public Fleet Fleet { get; }

    public Browser Browser { get; }

    static DashboardSession() => Assertions.SetDefaultExpectTimeout((float)Fleet.Patience.TotalMilliseconds);

    public static async Task<DashboardSession> StartAsync(Fleet fleet, params string[] agentLabels)
    {
        await fleet.StartServerAsync();
        await fleet.StartAgentAsync("agent-a", agentLabels);
        return new DashboardSession(fleet, await Browser.StartAsync(fleet.Url));
    }

    /// <summary>A page of the dashboard, signed in (the first time through the sign-in page).</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        if (!_signedIn)
        {
            _signedIn = true;
            return await Browser.SignInAsync(Fleet.AdminToken, path);
        }

        var page = await Browser.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    private bool _signedIn;

    /// <summary>No serious or critical accessibility problem on the page as it stands.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var problems = await Browser.SeriousAccessibilityProblemsAsync(page);
        Assert.True(problems.Count == 0, $"{page.Url}:\n{string.Join('\n', problems)}");
    }

    public void AssertNoScriptTrouble()
    {
        Assert.True(Browser.PageErrors.Count == 0, "a page's script failed: " + string.Join("; ", Browser.PageErrors));
        Assert.True(Browser.Dialogs.Count == 0, "a page opened a dialog (an injected script?): " + string.Join("; ", Browser.Dialogs));
    }

    public ValueTask DisposeAsync() => Browser.DisposeAsync();
}
