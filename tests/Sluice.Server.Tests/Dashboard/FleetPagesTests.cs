using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>The agents page, a repository's page and strings a workflow controls, in a real browser on a real fleet.</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetPagesTests : IDisposable
{
    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task The_agents_page_shows_a_busy_agent_with_its_job_the_queue_by_label_and_the_server_health()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("held", _fleet.HoldingRepository("held"));
        await _fleet.AddRepositoryAsync("gpu", _fleet.Repository("gpu", (".github/workflows/train.yml", """
            on: push
            jobs:
              train:
                runs-on: [self-hosted, gpu]
                steps:
                  - run: echo never here
            """)));
        var held = await _fleet.TriggerAsync("held");
        await _fleet.WaitForLogAsync(held.Id, l => l.Text == "holding", "the held job to start");
        await _fleet.TriggerAsync("gpu");

        var page = await session.OpenAsync("/agents");
        var agent = page.Locator("tr[data-agent='agent-a']");
        await Expect(agent).ToContainTextAsync("busy");
        await Expect(agent.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/runs/{held.Id}/jobs/hold");
        var queue = page.Locator("table.queue tbody tr");
        await Expect(queue).ToHaveCountAsync(1);
        await Expect(queue.First).ToContainTextAsync("self-hosted, gpu");
        await Expect(queue.First).ToContainTextAsync("gpu · train");
        await Expect(page.Locator("#health")).ToContainTextAsync("ready");
        await DashboardSession.AssertAccessibleAsync(page);
        await Browser.ScreenshotAsync(page, "agents");

        // The held job ends: the agent turns idle on the open page.
        await File.WriteAllTextAsync(_fleet.ReleaseFile, "");
        await Expect(agent).ToContainTextAsync("idle");
        session.AssertNoScriptTrouble();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Strings_a_workflow_controls_are_shown_as_text_on_every_page()
    {
        const string Hostile = "<img src=x onerror=alert('x')>";
        await using var session = await DashboardSession.StartAsync(_fleet);
        var repository = _fleet.Repository("evil", (".github/workflows/evil.yml", $$"""
            name: "</script><script>alert('workflow')</script>"
            on: push
            jobs:
              evil:
                name: "{{Hostile}}"
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "::error file=<svg onload=alert(1)>.cs,line=1::<b>bold?</b>"
                      echo '<script>alert("log")</script>'
            """));
        const string Branch = "feature/<svg/onload=alert('branch')>";
        repository.Branch(Branch);
        await _fleet.AddRepositoryAsync("evil", repository);
        var response = await _fleet.Api.SendAsync(HttpMethod.Post, "api/v1/repos/evil/runs", new TriggerRequest("push", $"refs/heads/{Branch}", null, null), ProtocolJson.Default.TriggerRequest, ProtocolJson.Default.TriggerResponse, CancellationToken.None);
        var run = await _fleet.WaitForEndAsync(Assert.Single(response!.Runs).Id);

        foreach (var path in new[] { "/", "/repos/evil", $"/runs/{run.Id}" })
        {
            var page = await session.OpenAsync(path);
            await Expect(page.Locator("main")).ToContainTextAsync("</script><script>alert('workflow')</script>");
            if (path != $"/runs/{run.Id}")
            {
                await Expect(page.Locator("main")).ToContainTextAsync("feature/<svg/onload=alert('branch')>");
            }
            else
            {
                await Expect(page.Locator("main")).ToContainTextAsync(Hostile);
                await Expect(page.Locator(".annotations")).ToContainTextAsync("<svg onload=alert(1)>.cs:1");
                await Expect(page.Locator(".annotations")).ToContainTextAsync("<b>bold?</b>");
            }

            Assert.Equal(0, await page.Locator("main img, main script, main svg:not(.edges), main b").CountAsync());
            await DashboardSession.AssertAccessibleAsync(page);
        }

        session.AssertNoScriptTrouble();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_repository_page_shows_each_branch_state_per_workflow()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        var repository = _fleet.Repository("shop", (".github/workflows/ci.yml", """
            name: CI
            on: push
            jobs:
              one:
                runs-on: ubuntu-latest
                steps:
                  - run: test "$GITHUB_REF_NAME" = main
            """));
        repository.Branch("topic");
        await _fleet.AddRepositoryAsync("shop", repository);
        var main = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        var topic = await _fleet.Api.SendAsync(HttpMethod.Post, "api/v1/repos/shop/runs", new TriggerRequest("push", "refs/heads/topic", null, null), ProtocolJson.Default.TriggerRequest, ProtocolJson.Default.TriggerResponse, CancellationToken.None);
        await _fleet.WaitForEndAsync(Assert.Single(topic!.Runs).Id);

        var page = await session.OpenAsync("/repos/shop");
        var branches = page.Locator("table.branches tbody tr");
        await Expect(branches).ToHaveCountAsync(2);
        await Expect(page.Locator("table.branches tbody tr", new() { HasText = "main" })).ToContainTextAsync("success");
        await Expect(page.Locator("table.branches tbody tr", new() { HasText = "topic" })).ToContainTextAsync("failure");
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(2);
        Assert.Equal("success", main.Conclusion);
        await DashboardSession.AssertAccessibleAsync(page);
        await Browser.ScreenshotAsync(page, "repository");
        session.AssertNoScriptTrouble();
    }

    public void Dispose() => _fleet.Dispose();
}
