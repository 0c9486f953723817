using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// The job page (<c>/runs/{id}/jobs/{job}</c>) in headless Chromium against a real server and agent: the log with
/// its colours, groups, steps and errors; lines arriving live; search; links to lines; hostile text; a 100,000-line log.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed partial class JobPageTests(JobPageFleet shared, ITestOutputHelper output) : IClassFixture<JobPageFleet>
{
    private Fleet Fleet => shared.Fleet;

    static JobPageTests() => SetDefaultExpectTimeout((float)Fleet.Patience.TotalMilliseconds);

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task The_log_shows_colours_folded_groups_styled_errors_and_the_steps_with_their_durations()
    {
        var run = await Fleet.WaitForEndAsync((await Fleet.TriggerAsync(JobPageFleet.Repo, "show.yml")).Id);
        await using var opened = await shared.OpenAsync();
        var page = opened.Page;

        await page.GotoAsync($"/runs/{run.Id}/jobs/show");

        await Expect(page.Locator("h1")).ToContainTextAsync("Show the log");
        await Expect(page.Locator("h1 .badge")).ToContainTextAsync("success");
        await Expect(opened.Viewer).ToHaveAttributeAsync("data-state", "done");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download raw log" })).ToHaveAttributeAsync("href", $"/api/v1/runs/{run.Id}/logs?job=show&format=text");
        var red = page.Locator(".log-row span.ansi-fg-1", new() { HasText = "red text" });
        await Expect(red).ToBeVisibleAsync();
        var orange = page.Locator(".log-row span.ansi-bold", new() { HasText = "bold orange" });
        Assert.Equal("rgb(255, 135, 0)", await orange.EvaluateAsync<string>("e => e.style.color"));
        Assert.Equal("rgb(10, 20, 30)", await page.Locator(".log-row .log-text > span", new() { HasText = "true colour" }).EvaluateAsync<string>("e => e.style.color"));

        // A group is folded until it is opened, and folds again.
        var group = page.Locator(".log-kind-group button.log-toggle", new() { HasText = "Details" });
        await Expect(group).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(opened.Row("needle three")).ToBeVisibleAsync();
        await Expect(opened.Row("needle one")).ToHaveCountAsync(0);
        await group.ClickAsync();
        await Expect(opened.Row("needle one")).ToBeVisibleAsync();
        await Expect(opened.Row("needle one")).ToHaveClassAsync(new Regex(@"\blog-in-group\b"));
        await group.ClickAsync();
        await Expect(opened.Row("needle one")).ToHaveCountAsync(0);

        // An ::error:: is a styled annotation row; stderr is marked.
        var error = page.Locator(".log-row.log-kind-annotation.log-level-error", new() { HasText = "something broke" });
        await Expect(error).ToBeVisibleAsync();
        Assert.NotEqual("rgba(0, 0, 0, 0)", await error.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await Expect(page.Locator(".log-row.log-kind-error", new() { HasText = "said on stderr" })).ToBeVisibleAsync();

        // The steps, each with its state and how long it took; a step's section folds like a group.
        foreach (var name in new[] { "Colours", "Grouped", "Complain" })
        {
            var step = page.Locator(".job-step", new() { Has = page.Locator(".step-name", new() { HasTextString = name }) });
            await Expect(step.Locator(".badge")).ToContainTextAsync("success");
            await Expect(step.Locator(".step-took")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)?(ms|s)$"));
            await Expect(page.Locator(".log-kind-step", new() { HasText = name }).Locator(".log-step-took")).ToHaveTextAsync(new Regex(@"^\d"));
        }

        await DashboardSession.AssertAccessibleAsync(page);
        await Browser.ScreenshotAsync(page, "job");

        // Timestamps on demand.
        await Expect(page.Locator(".log-time")).ToHaveCountAsync(0);
        await page.GetByLabel("Timestamps").CheckAsync();
        await Expect(opened.Row("needle three").Locator(".log-time")).ToHaveTextAsync(new Regex(@"^\d\d:\d\d:\d\d\.\d{3}$"));
        // The full time on hover: the compact log page carries times in milliseconds, shown back as UTC.
        await Expect(opened.Row("needle three").Locator(".log-time")).ToHaveAttributeAsync("title", new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));

        await page.Locator(".log-kind-step button.log-toggle", new() { HasText = "Grouped" }).ClickAsync();
        await Expect(opened.Row("needle three")).ToHaveCountAsync(0);
        Assert.Empty(opened.Errors);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_line_printed_while_the_page_is_open_appears_without_a_reload_and_following_stops_when_the_reader_scrolls_up()
    {
        var run = await Fleet.TriggerAsync(JobPageFleet.Repo, "live.yml");
        await using var opened = await shared.OpenAsync();
        var page = opened.Page;
        await page.GotoAsync($"/runs/{run.Id}/jobs/live");
        var follow = page.GetByRole(AriaRole.Button, new() { Name = "Follow", Exact = true });
        var scroller = page.Locator(".log-scroll");

        // Following: the newest line is in view.
        await Expect(opened.Row("first line")).ToBeInViewportAsync();
        await Expect(page.Locator("h1 .badge")).ToContainTextAsync("running");
        await Expect(follow).ToHaveAttributeAsync("aria-pressed", "true");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        // The reader scrolls up: following stops, and a new line does not move the view.
        await scroller.HoverAsync();
        await page.Mouse.WheelAsync(0, -1500);
        await Expect(follow).ToHaveAttributeAsync("aria-pressed", "false");
        var top = await scroller.EvaluateAsync<double>("e => e.scrollTop");
        var lines = int.Parse((await opened.Viewer.GetAttributeAsync("data-lines"))!, System.Globalization.CultureInfo.InvariantCulture);
        var released = Stopwatch.StartNew();
        await File.WriteAllTextAsync(shared.LiveRelease, "go");
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('.log-viewer').dataset.lines) > {lines}");
        output.WriteLine($"a line printed while the page was open was in it {released.ElapsedMilliseconds} ms after the step was let go");
        Assert.Equal(top, await scroller.EvaluateAsync<double>("e => e.scrollTop"));

        // Follow again: the new line is in view.
        await follow.ClickAsync();
        await Expect(opened.Row("second line")).ToBeInViewportAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        await Expect(page.Locator("h1 .badge")).ToContainTextAsync("success");
        await Expect(opened.Viewer).ToHaveAttributeAsync("data-state", "done");
        Assert.Empty(opened.Errors);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Search_finds_matches_inside_folded_groups_and_moves_to_the_next_and_previous()
    {
        var run = await Fleet.WaitForEndAsync((await Fleet.TriggerAsync(JobPageFleet.Repo, "show.yml")).Id);
        await using var opened = await shared.OpenAsync();
        var page = opened.Page;
        await page.GotoAsync($"/runs/{run.Id}/jobs/show");
        await Expect(opened.Viewer).ToHaveAttributeAsync("data-state", "done");
        var search = page.GetByLabel("Search", new() { Exact = true });
        var count = page.Locator(".log-count");
        var current = page.Locator("mark.log-match-current");

        await search.FillAsync("NEEDLE");
        await search.PressAsync("Enter");

        await Expect(count).ToHaveTextAsync("1 of 3");
        await Expect(current).ToHaveTextAsync("needle");
        await Expect(opened.Row("needle one").Locator("mark.log-match-current")).ToBeVisibleAsync();
        await Expect(page.Locator(".log-kind-group button.log-toggle", new() { HasText = "Details" })).ToHaveAttributeAsync("aria-expanded", "true");
        await search.PressAsync("Enter");
        await Expect(count).ToHaveTextAsync("2 of 3");
        await Expect(opened.Row("needle two").Locator("mark.log-match-current")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        await Expect(opened.Row("needle three").Locator("mark.log-match-current")).ToBeVisibleAsync();
        await search.PressAsync("Shift+Enter");
        await Expect(count).ToHaveTextAsync("2 of 3");
        await search.PressAsync("Enter");
        await search.PressAsync("Enter");
        await Expect(count).ToHaveTextAsync("1 of 3");

        // Escape sequences are not text: "red text" is found, the colour code around it is not.
        await search.FillAsync("[31m");
        await search.PressAsync("Enter");
        await Expect(count).ToHaveTextAsync("No matches");
        await search.FillAsync("red text and bold");
        await search.PressAsync("Enter");
        await Expect(count).ToHaveTextAsync("1 of 1");
        Assert.Empty(opened.Errors);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task Hostile_text_from_a_workflow_is_shown_as_text_and_runs_nothing()
    {
        var run = await Fleet.WaitForEndAsync((await Fleet.TriggerAsync(JobPageFleet.Repo, "hostile.yml")).Id);
        await using var opened = await shared.OpenAsync();
        var page = opened.Page;
        await page.GotoAsync($"/runs/{run.Id}/jobs/hostile");
        await Expect(opened.Viewer).ToHaveAttributeAsync("data-state", "done");

        await Expect(page.Locator("h1")).ToContainTextAsync("<img src=y onerror=alert(3)>");
        await Expect(opened.Row("<img src=x onerror=alert(1)>")).ToBeVisibleAsync();
        await Expect(opened.Row("</script><script>alert(2)</script>")).ToBeVisibleAsync();
        await Expect(page.Locator(".log-kind-step", new() { HasText = "</script><script>alert(4)</script>" })).ToBeVisibleAsync();
        await Expect(page.Locator(".job-step .step-name", new() { HasText = "</script><script>alert(4)</script>" })).ToBeVisibleAsync();
        // What a terminal would do with the escapes is dropped, what it would print is kept.
        await Expect(opened.Row("osc gone cleared cursor charset bad colour")).ToBeVisibleAsync();

        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(1, await page.Locator("script").CountAsync());
        Assert.Empty(opened.Dialogs);
        Assert.Empty(opened.Errors);
    }

    [Fact(Timeout = FleetCollection.TestTimeout)]
    public async Task A_100000_line_log_opens_searchable_with_few_rows_in_the_page_and_its_line_links_work()
    {
        var run = await Fleet.WaitForEndAsync((await Fleet.TriggerAsync(JobPageFleet.Repo, "long.yml")).Id);
        await using var opened = await shared.OpenAsync();
        var page = opened.Page;

        await page.GotoAsync($"/runs/{run.Id}/jobs/long");
        // When the last line was in (ms since the page was asked for), seen in the page rather than by polling it.
        var loaded = await page.EvaluateAsync<double>(
            """
            () => new Promise((resolve) => {
              const done = () => document.querySelector('.log-viewer')?.dataset.state === 'done';
              if (done()) resolve(performance.now());
              else new MutationObserver((_, watch) => { if (done()) { watch.disconnect(); resolve(performance.now()); } })
                .observe(document.body, { subtree: true, attributes: true, childList: true });
            })
            """);
        var search = page.GetByLabel("Search", new() { Exact = true });
        await search.FillAsync("99999");
        var searched = await page.EvaluateAsync<double>(
            """
            () => {
              const input = document.getElementById('log-search');
              const started = performance.now();
              input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
              return performance.now() - started;
            }
            """);
        await Expect(page.Locator(".log-count")).ToHaveTextAsync("1 of 1");
        await Expect(opened.Row("99999")).ToBeVisibleAsync();
        output.WriteLine($"100,000-line log: every line in the page {loaded:F0} ms after it was asked for; a search of them took {searched:F1} ms");
        output.WriteLine(await page.EvaluateAsync<string>(
            """
            () => performance.getEntriesByType('resource').filter(e => e.name.includes('/logs'))
              .map(e => `${e.name.replace(location.origin, '')}: start ${e.startTime.toFixed(0)} ms, waited ${(e.responseStart - e.requestStart).toFixed(0)} ms, took ${e.duration.toFixed(0)} ms, ${e.encodedBodySize} bytes`).join('\n')
            """));

        Assert.True(int.Parse(await opened.Viewer.GetAttributeAsync("data-lines") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 100_000);
        var rows = await page.Locator(".log-row").CountAsync();
        Assert.True(rows < 1000, $"{rows} rows in the page");

        await page.Locator(".log-scroll").EvaluateAsync("e => { e.scrollTop = e.scrollHeight; }");
        await Expect(opened.Row("100000")).ToBeVisibleAsync();
        Assert.True(await page.Locator(".log-row").CountAsync() < 1000);

        // The line's number is a link: following it (in a new page) scrolls there and marks it; a click sets it.
        var number = await opened.Row("99999").Locator("a.log-num").TextContentAsync();
        await using var linked = await shared.OpenAsync();
        await linked.Page.GotoAsync($"/runs/{run.Id}/jobs/long#L{number}");
        var target = linked.Page.Locator($".log-row.log-selected a.log-num", new() { HasTextString = number! });
        await Expect(target).ToBeVisibleAsync();
        await Expect(target).ToBeInViewportAsync();
        var other = linked.Page.Locator(".log-row:not(.log-selected) a.log-num").First;
        var otherNumber = await other.TextContentAsync();
        await other.ClickAsync();
        Assert.EndsWith($"#L{otherNumber}", linked.Page.Url, StringComparison.Ordinal);
        await Expect(linked.Page.Locator(".log-row.log-selected a.log-num")).ToHaveTextAsync(otherNumber!);
        Assert.Empty(opened.Errors);
        Assert.Empty(linked.Errors);
    }
}
