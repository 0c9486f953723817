using System.Net;
using System.Text.RegularExpressions;
using Sluice.Server.Api.Tests.Support;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// The page shells the dashboard serves: each names its own page's files (so that they load beside the core modules,
/// not after app.js has run), and every file a shell names is served.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed partial class DashboardShellTests(ApiServer api)
{
    [Theory]
    [InlineData("/", "js/pages/runs.js")]
    [InlineData("/sign-in", "js/pages/signin.js")]
    [InlineData("/agents", "js/pages/agents.js")]
    [InlineData("/repos/shop", "js/pages/repo.js")]
    [InlineData("/runs/7", "js/pages/run.js")]
    [InlineData("/runs/7/jobs/build", "js/pages/job.js")]
    public async Task A_page_shell_preloads_its_own_module_and_every_file_it_names_is_served(string page, string module)
    {
        using var deadline = new CancellationTokenSource(ApiServer.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Accept.ParseAdd("text/html");
        using var answer = await api.Http.SendAsync(request, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync(deadline.Token);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);

        var preloads = ModulePreload().Matches(html).Select(m => m.Groups["path"].Value).ToList();
        Assert.Contains(preloads, p => p.EndsWith("/" + module, StringComparison.Ordinal));
        Assert.Equal(preloads.Count, preloads.Distinct(StringComparer.Ordinal).Count());
        var files = FileLink().Matches(html).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var served = await api.Http.GetAsync(file, deadline.Token);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{page} names {file}: {(int)served.StatusCode}");
        }
    }

    [GeneratedRegex("<link rel=\"modulepreload\" href=\"(?<path>/ui/[^\"]+)\">")]
    private static partial Regex ModulePreload();

    [GeneratedRegex("(?:href|src)=\"(?<path>/ui/[^\"]+)\"")]
    private static partial Regex FileLink();
}
