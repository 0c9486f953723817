using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>Signing in and out of the dashboard, and what an anonymous visitor sees with and without public read.</summary>
[Collection(FleetCollection.Name)]
public sealed class SignInTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_person_signs_in_with_a_token_the_browser_keeps_only_a_session_and_signs_out()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("held", _fleet.HoldingRepository("held"));
        var run = await _fleet.TriggerAsync("held");

        // Without public read (sluice server's default), a page asks to sign in and says how.
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync($"/runs/{run.Id}");
        await Expect(page.Locator("main")).ToContainTextAsync("Sign in to see this page.");
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Sign in with a token" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sign-in\\?next=%2Fruns%2F{run.Id}$"));
        await DashboardSession.AssertAccessibleAsync(page);
        await Browser.ScreenshotAsync(page, "sign-in");

        // A wrong token is refused on the page; the right one leads back to where the person was going.
        await page.GetByLabel("API token").FillAsync("sluice_not_a_real_token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".signin [role=alert]")).Not.ToBeEmptyAsync();
        Assert.EndsWith("/sign-in", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.GetByLabel("API token").FillAsync(_fleet.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/runs/{run.Id}$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" })).ToBeVisibleAsync();

        // The session's cookie is out of the page scripts' reach, and the token typed in is kept nowhere.
        var cookies = await session.Browser.Context.CookiesAsync();
        var cookie = Assert.Single(cookies, c => c.Name == "sluice_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.NotEqual(_fleet.AdminToken, cookie.Value);
        Assert.DoesNotContain("sluice_session", await page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);

        // Signing out ends the session on the server: the old cookie opens nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Sign in to see this page.");
        var stale = await session.Browser.Context.APIRequest.GetAsync($"/api/v1/runs/{run.Id}", new() { Headers = new Dictionary<string, string> { ["Cookie"] = $"sluice_session={cookie.Value}" } });
        Assert.Equal(401, stale.Status);
        await File.WriteAllTextAsync(_fleet.ReleaseFile, "");
        session.AssertNoScriptTrouble();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task With_public_read_an_anonymous_visitor_sees_runs_but_no_action()
    {
        _fleet.ServerOptions = ["--public-read"];
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("held", _fleet.HoldingRepository("held"));
        var run = await _fleet.TriggerAsync("held");

        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync($"/runs/{run.Id}");
        await Expect(page.Locator("h1")).ToContainTextAsync("#1");
        await Expect(page.Locator(".graph")).ToContainTextAsync("hold");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Cancel run" }).CountAsync());
        await Expect(page.Locator("#who")).ToContainTextAsync("Sign in");

        // Even a hand-made request changes nothing without a session.
        var cancel = await session.Browser.Context.APIRequest.PostAsync($"/api/v1/runs/{run.Id}/cancel", new() { DataObject = new { } });
        Assert.Equal(401, cancel.Status);
        await File.WriteAllTextAsync(_fleet.ReleaseFile, "");
        Assert.Equal("success", (await _fleet.WaitForEndAsync(run.Id)).Conclusion);
        session.AssertNoScriptTrouble();
    }

    public void Dispose() => _fleet.Dispose();
}
