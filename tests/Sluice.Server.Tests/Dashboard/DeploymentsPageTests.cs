using Microsoft.Playwright;
using Sluice.Protocol;
using Sluice.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// The deployments page in a real browser: reached from the repository's page, a job with an environment that an agent
/// ran is listed under its environment with its commit and run; one waiting for its reviewers says whom it waits for
/// (the run's page links there) and is approved from the page with a comment (a rejection without one is refused there), its run going on.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DeploymentsPageTests : IDisposable
{
    private const string Workflow = DeployWorkflow.ToProduction;

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_deployment_shows_under_its_environment_with_its_commit_and_run()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("shop", _fleet.Repository("shop", (".github/workflows/deploy.yml", Workflow)));
        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        Assert.True(run.Conclusion == "success", Fleet.Describe(run));

        var page = await session.OpenAsync("/repos/shop");
        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments and DORA figures" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/repos/shop/deployments$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "production" })).ToBeVisibleAsync();
        var row = page.Locator("tr[data-status='success']");
        await Expect(row).ToContainTextAsync($"{run.Sha[..8]} on main");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = $"run #{run.Number}" })).ToHaveAttributeAsync("href", $"/runs/{run.Id}");
        await Expect(page.GetByLabel("Environment")).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await DashboardSession.AssertAccessibleAsync(page);
        session.AssertNoScriptTrouble();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_deployment_waiting_for_review_is_approved_from_the_page_with_a_comment()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("shop", _fleet.Repository("shop", (".github/workflows/deploy.yml", Workflow)));
        using (var rules = new HttpRequestMessage(HttpMethod.Put, "api/v1/repos/shop/environments/production")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new EnvironmentRequest(["admin"], null, null, null), ProtocolJson.Default.EnvironmentRequest),
        })
        using (await _fleet.Api.SendCheckedAsync(rules, CancellationToken.None))
        {
        }

        var started = await _fleet.TriggerAsync("shop");
        await _fleet.WaitForRunAsync(started.Id, r => r.Jobs.Any(j => j.Waiting?.Contains("review", StringComparison.Ordinal) == true), "a deploy job waiting for a review");

        // The run's page says where its deployment is answered.
        var page = await session.OpenAsync($"/runs/{started.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "approve or reject it on the deployments page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/repos/shop/deployments$"));
        var row = page.Locator("tr[data-status='waiting']");
        await Expect(row).ToContainTextAsync("Waits for admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "production (1 waiting)" })).ToBeVisibleAsync();
        await DashboardSession.AssertAccessibleAsync(page);

        await row.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(row.Locator(".action-status").Nth(1)).ToHaveTextAsync("Say why in the comment to reject.");
        await row.GetByLabel(new System.Text.RegularExpressions.Regex("^Comment on deployment")).FillAsync("release notes checked");
        await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        var run = await _fleet.WaitForEndAsync(started.Id);
        Assert.True(run.Conclusion == "success", Fleet.Describe(run));
        var done = page.Locator("tr[data-status='success']");
        await Expect(done).ToContainTextAsync("Approved by");
        await Expect(done).ToContainTextAsync("release notes checked");
        await Browser.ScreenshotAsync(page, "deployments");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        session.AssertNoScriptTrouble();
    }

    public void Dispose() => _fleet.Dispose();
}
