using System.Text.Json;
using Microsoft.Playwright;
using Sluice.Server.Tests.Dashboard;
using Sluice.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>sluice dora</c> and the deployments page's DORA section against a live server and agent: one healthy deployment
/// counts in the figures, as JSON and as text, and in the page's table of bands.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class DoraCommandTests : IDisposable
{
    private const string Workflow = DeployWorkflow.ToProduction;

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task One_healthy_deployment_counts_in_the_dora_figures_of_the_cli_and_the_page()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("shop", _fleet.Repository("shop", (".github/workflows/deploy.yml", Workflow)));
        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        Assert.True(run.Conclusion == "success", Fleet.Describe(run));

        var dora = await _fleet.CliAsync("dora", "shop", "--env", "production", "--since", "1d", "--format", "json");
        Assert.True(dora.ExitCode == 0, dora.ToString());
        using var figures = JsonDocument.Parse(dora.Stdout);
        var frequency = figures.RootElement.GetProperty("deploymentFrequency");
        Assert.Equal((1, 1.0, "elite"), (frequency.GetProperty("count").GetInt32(), frequency.GetProperty("value").GetDouble(), frequency.GetProperty("band").GetString()));
        Assert.Equal(0.0, figures.RootElement.GetProperty("changeFailureRate").GetProperty("value").GetDouble());

        var text = await _fleet.CliAsync("dora", "--since", "7d");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith("shop (all environments): ", text.StdoutLines[0], StringComparison.Ordinal);
        Assert.Matches(@"^deployment frequency +1/week +high +1 healthy deployment$", text.StdoutLines[1]);
        var bad = await _fleet.CliAsync("dora", "--since", "0d");
        Assert.Equal((2, "sluice: error: --since takes a number of days from 1 to 365 such as 30d, not '0d'"), (bad.ExitCode, bad.Stderr.Trim()));

        var page = await session.OpenAsync("/repos/shop/deployments?days=7");
        await Expect(page.Locator("tr[data-key='deploymentFrequency'] td.current")).ToContainTextAsync("Once a day to once a week");
        await Expect(page.Locator("tr[data-key='deploymentFrequency']")).ToContainTextAsync("1 healthy deployment");
        await Expect(page.Locator("tr[data-key='changeFailureRate'] td.current")).ToContainTextAsync("5% or less");
        await Expect(page.Locator("#dora canvas")).ToHaveCountAsync(2);
        await DashboardSession.AssertAccessibleAsync(page);
        session.AssertNoScriptTrouble();
    }

    public void Dispose() => _fleet.Dispose();
}
