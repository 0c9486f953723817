using Microsoft.Playwright;

namespace Sluice.DashboardBudget;

/// <summary>A fresh browser profile signed in to the dashboard (its session cookie set through the API, as the sign-in page does).</summary>
internal static class Session
{
    public static async Task<IBrowserContext> NewSignedInContextAsync(IBrowser browser, string url, string token)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = url, ViewportSize = new() { Width = 1280, Height = 900 } });
        var response = await context.APIRequest.PostAsync("/api/v1/session", new() { DataObject = new Dictionary<string, string> { ["token"] = token } });
        if (!response.Ok)
        {
            throw new InvalidOperationException($"signing in failed: {response.Status} {await response.TextAsync()}");
        }

        return context;
    }
}
