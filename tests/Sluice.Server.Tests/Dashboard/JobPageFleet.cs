using Microsoft.Playwright;
using Sluice.Server.Tests.Infrastructure;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// One server, one agent, one repository with the job page tests' workflows, and headless Chromium, shared by the
/// tests of <see cref="JobPageTests"/> (each triggers its own run and opens its own browser context).
/// </summary>
public sealed class JobPageFleet : IAsyncLifetime
{
    public const string Repo = "logs";

    public Fleet Fleet { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The file the <c>live.yml</c> job waits for between its two lines.</summary>
    public string LiveRelease => Path.Combine(Fleet.Root.Path, "live-release");

    public async Task InitializeAsync()
    {
        var repository = Fleet.Repository(
            Repo,
            (".github/workflows/show.yml", """
                name: show
                on: push
                jobs:
                  show:
                    name: Show the log
                    runs-on: ubuntu-latest
                    steps:
                      - name: Colours
                        run: printf '\033[31mred text\033[0m and \033[1;38;5;208mbold orange\033[0m and \033[38;2;10;20;30mtrue colour\033[0m\n'
                      - name: Grouped
                        run: |
                          echo "::group::Details"
                          echo "needle one"
                          echo "needle two"
                          echo "::endgroup::"
                          echo "needle three"
                      - name: Complain
                        run: |
                          echo "::error::something broke"
                          echo "said on stderr" >&2
                """),
            (".github/workflows/hostile.yml", """
                name: hostile
                on: push
                jobs:
                  hostile:
                    name: "<img src=y onerror=alert(3)>"
                    runs-on: ubuntu-latest
                    steps:
                      - name: "</script><script>alert(4)</script>"
                        run: |
                          echo '<img src=x onerror=alert(1)>'
                          echo '</script><script>alert(2)</script>'
                          printf '\033]0;title\007osc gone \033[2Jcleared \033[?25lcursor \033(Bcharset \033[38;5;999mbad colour\033[0m\033[\n'
                """),
            (".github/workflows/live.yml", $$"""
                name: live
                on: push
                jobs:
                  live:
                    runs-on: ubuntu-latest
                    steps:
                      - name: Speak twice
                        run: |
                          seq 1 300
                          echo "first line"
                          while [ ! -e "{{LiveRelease}}" ]; do sleep 0.05; done
                          echo "second line"
                """),
            (".github/workflows/long.yml", """
                name: long
                on: push
                jobs:
                  long:
                    runs-on: ubuntu-latest
                    steps:
                      - name: Count
                        run: seq 100000
                """));
        await Fleet.StartServerAsync();
        await Fleet.StartAgentAsync("agent");
        await Fleet.AddRepositoryAsync(Repo, repository);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Dashboard.Browser.ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>
    /// A page of a fresh browser context signed in with the admin token (a web session, its cookie set through the
    /// API as the sign-in page does), with every uncaught script error and dialog recorded.
    /// </summary>
    public async Task<JobPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Fleet.Url,
            ViewportSize = new() { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout((float)Fleet.Patience.TotalMilliseconds);
        var signedIn = await context.APIRequest.PostAsync("/api/v1/session", new() { DataObject = new Dictionary<string, string> { ["token"] = Fleet.AdminToken } });
        Assert.True(signedIn.Ok, $"signing in: {signedIn.Status} {await signedIn.TextAsync()}");
        var page = await context.NewPageAsync();
        var opened = new JobPage(context, page);
        page.PageError += (_, error) => opened.Errors.Add(error);
        page.Dialog += async (_, dialog) =>
        {
            opened.Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        return opened;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        Fleet.Dispose();
    }
}

/// <summary>A browser page of the tests, with what went wrong in it.</summary>
public sealed class JobPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> Errors { get; } = [];

    public List<string> Dialogs { get; } = [];

    /// <summary>The log's row that shows this text (exactly, once escapes and styles are put aside).</summary>
    public ILocator Row(string text) => Page.Locator(".log-row", new() { Has = Page.Locator(".log-text", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(text)}$") }) });

    public ILocator Viewer => Page.Locator(".log-viewer");

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
