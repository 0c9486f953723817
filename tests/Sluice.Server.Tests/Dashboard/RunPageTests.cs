using System.Globalization;
using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>The runs page and a run's page in a real browser, against a real server and agent running a real workflow.</summary>
[Collection(FleetCollection.Name)]
public sealed class RunPageTests : IDisposable
{
    private const string Workflow = """
        name: CI
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  echo "::error file=src/cart.cs,line=42::Price can be negative"
                  {
                    echo "## Build report"
                    echo ""
                    echo "| check | result |"
                    echo "|---|---|"
                    echo "| compile | **ok** |"
                    echo ""
                    echo '<script>window.injected = 1</script><img src=x onerror="alert(1)">'
                    echo ""
                    echo '[a bad link](javascript:alert(2))'
                  } >> "$GITHUB_STEP_SUMMARY"
                  echo "built" > app.txt
              - uses: actions/upload-artifact@v4
                with:
                  name: app
                  path: app.txt
          test:
            needs: build
            runs-on: ubuntu-latest
            strategy:
              matrix:
                part: [1, 2]
            steps:
              - run: echo "part ${{ matrix.part }}"
          deploy:
            needs: test
            runs-on: ubuntu-latest
            steps:
              - run: exit 1
        """;

    private readonly Fleet _fleet = new();

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_run_shows_its_graph_annotations_summary_and_artifacts_and_reruns_its_failed_jobs()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("shop", _fleet.Repository("shop", (".github/workflows/ci.yml", Workflow)));
        var run = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("shop")).Id);
        Assert.Equal("failure", run.Conclusion);

        var page = await session.OpenAsync($"/runs/{run.Id}");

        // The graph: a column for each depth of `needs`, the matrix legs grouped under their job.
        var columns = page.Locator(".graph .column");
        await Expect(columns).ToHaveCountAsync(3);
        await Expect(columns.Nth(0).Locator("[data-group]")).ToHaveAttributeAsync("data-group", "build");
        await Expect(columns.Nth(1).Locator("[data-group]")).ToHaveAttributeAsync("data-group", "test");
        await Expect(columns.Nth(1).Locator(".node[data-job]")).ToHaveCountAsync(2);
        await Expect(columns.Nth(2).Locator("[data-group]")).ToHaveAttributeAsync("data-group", "deploy");
        await Expect(columns.Nth(2)).ToContainTextAsync("failure");
        await Expect(page.Locator(".graph svg.edges path")).ToHaveCountAsync(2);

        // The annotation with its file and line; the summary rendered, its HTML shown as text, its bad link defused.
        await Expect(page.Locator(".annotations")).ToContainTextAsync("src/cart.cs:42");
        await Expect(page.Locator(".annotations")).ToContainTextAsync("Price can be negative");
        var summary = page.Locator(".summary").First;
        await Expect(summary.Locator("table td").First).ToHaveTextAsync("compile");
        await Expect(summary.Locator("strong")).ToHaveTextAsync("ok");
        await Expect(summary).ToContainTextAsync("<script>window.injected = 1</script>");
        Assert.Equal(0, await summary.Locator("script, img").CountAsync());
        Assert.Equal("#", await summary.GetByText("a bad link").GetAttributeAsync("href"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.injected === undefined"));

        // The artifact, downloadable.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "app" }).ClickAsync());
        Assert.True(new FileInfo(await download.PathAsync()).Length > 0);

        await DashboardSession.AssertAccessibleAsync(page);
        await Browser.ScreenshotAsync(page, "run");

        // Re-run the failed jobs: the page goes to the new attempt, which runs only what failed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-run failed jobs" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/runs/(?!{run.Id}$)\\d+$"));
        var again = long.Parse(new Uri(page.Url).Segments[^1], CultureInfo.InvariantCulture);
        await Expect(page.Locator("h1")).ToContainTextAsync("attempt 2");
        await Expect(page.Locator("h1")).ToContainTextAsync("failure");
        Assert.Equal(2, (await _fleet.RunAsync(again)).RunAttempt);
        session.AssertNoScriptTrouble();
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task The_runs_page_filters_pages_and_shows_new_runs_live_and_a_run_is_cancelled_from_its_page()
    {
        await using var session = await DashboardSession.StartAsync(_fleet);
        await _fleet.AddRepositoryAsync("quick", _fleet.Repository("quick", (".github/workflows/ok.yml", """
            name: Quick
            on: push
            jobs:
              one:
                runs-on: ubuntu-latest
                steps:
                  - run: echo fine
            """)));
        await _fleet.AddRepositoryAsync("held", _fleet.HoldingRepository("held"));
        var first = await _fleet.WaitForEndAsync((await _fleet.TriggerAsync("quick")).Id);

        var page = await session.OpenAsync("/");
        var rows = page.Locator("table.runs tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Quick #1");
        await DashboardSession.AssertAccessibleAsync(page);

        // A run started while the page is open appears in it, without a reload, and its state follows.
        var held = await _fleet.TriggerAsync("held");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-run='{held.Id}']")).ToContainTextAsync("running");

        // Filters: by repository (a menu: applies at once) and by status.
        await page.Locator("select[name=repo]").SelectOptionAsync("quick");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]repo=quick(&|$)"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-run", first.Id.ToString(CultureInfo.InvariantCulture));
        await page.GotoAsync("/?status=in_progress");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-run", held.Id.ToString(CultureInfo.InvariantCulture));

        // Pages: one run a page here, older runs behind "Older", back with "Newest".
        await page.GotoAsync("/?limit=1");
        await Expect(rows.First).ToHaveAttributeAsync("data-run", held.Id.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Link, new() { Name = "Older »" }).ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-run", first.Id.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Link, new() { Name = "« Newest" }).ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-run", held.Id.ToString(CultureInfo.InvariantCulture));
        await page.GotoAsync("/");
        await Expect(rows).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(page, "runs");

        // Cancel from the run's page: the state changes live.
        var runPage = await session.OpenAsync($"/runs/{held.Id}");
        await _fleet.WaitForLogAsync(held.Id, l => l.Text == "holding", "the held job to start");
        await runPage.GetByRole(AriaRole.Button, new() { Name = "Cancel run" }).ClickAsync();
        await Expect(runPage.Locator("h1")).ToContainTextAsync("cancelled");
        Assert.Equal("cancelled", (await _fleet.WaitForEndAsync(held.Id)).Conclusion);
        session.AssertNoScriptTrouble();
    }

    public void Dispose() => _fleet.Dispose();
}
