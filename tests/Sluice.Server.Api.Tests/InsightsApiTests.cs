using System.Text.Json;
using Sluice.Quality.History;
using Sluice.Quality.Reports;
using Sluice.Server.Api.Tests.Support;
using Sluice.Server.Storage;
using static Sluice.Server.Api.Tests.Support.SessionServer;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// <c>GET /api/v1/repos/{name}/insights</c> over HTTP: who may read it (as a run), what bad values get, and the days it
/// covers by the server's clock, narrowed by branch and workflow. The server's probe has one waiting run of workflow
/// <c>ci</c> on main, created at <see cref="SessionServer.Start"/>.
/// </summary>
public sealed class InsightsApiTests : IAsyncLifetime
{
    private const string Insights = $"/api/v1/repos/{ApiServer.Repository}/insights";

    private static readonly string[] Optional = ["successRate", "durationP50Seconds", "durationP95Seconds", "queueWaitP50Seconds", "queueWaitP95Seconds", "flakyRate"];

    private SessionServer _api = null!;

    private IServerStore Store => _api.Server.State.Store;

    public async Task InitializeAsync() => _api = await SessionServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Tokens_and_sessions_that_may_read_the_repository_get_it_and_others_are_refused()
    {
        (await _api.SendAsync(HttpMethod.Get, Insights, _api.AdminToken)).Is(200);
        var probeReader = await _api.CreateTokenAsync("""{"scope": "read", "repositories": ["probe"]}""");
        (await _api.SendAsync(HttpMethod.Get, Insights, probeReader)).Is(200);

        var otherReader = await _api.CreateTokenAsync("""{"scope": "read", "repositories": ["elsewhere"]}""");
        Assert.Contains("probe", (await _api.SendAsync(HttpMethod.Get, Insights, otherReader)).Is(403).Detail, StringComparison.Ordinal);
        Assert.Contains("token", (await _api.SendAsync(HttpMethod.Get, Insights, null)).Is(401).Detail, StringComparison.Ordinal);

        var signedIn = (await _api.SignInAsync(probeReader)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, Insights, null, adjust: Browser(signedIn.Cookie("sluice_session").Value, signedIn.Cookie("sluice_csrf").Value))).Is(200);
        var elsewhere = (await _api.SignInAsync(otherReader)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, Insights, null, adjust: Browser(elsewhere.Cookie("sluice_session").Value, elsewhere.Cookie("sluice_csrf").Value))).Is(403);
    }

    [Fact]
    public async Task A_visitor_without_a_token_reads_it_on_a_server_with_public_read()
    {
        await using var open = await SessionServer.StartAsync(options => options with { PublicRead = true });

        var view = (await open.SendAsync(HttpMethod.Get, Insights + "?days=1", null)).Is(200).Json;

        var today = Assert.Single(view.GetProperty("days").EnumerateArray());
        Assert.Equal(("2026-03-01", 1), (today.GetProperty("day").GetString(), today.GetProperty("runs").GetInt32()));
    }

    [Theory]
    [InlineData("?days=0", "'days' must be a whole number of days from 1 to 365 (default 30), not '0'")]
    [InlineData("?days=366", "'days' must be a whole number of days from 1 to 365 (default 30), not '366'")]
    [InlineData("?days=-1", "'days' must be a whole number of days from 1 to 365 (default 30), not '-1'")]
    [InlineData("?days=1.5", "'days' must be a whole number of days from 1 to 365 (default 30), not '1.5'")]
    [InlineData("?days=thirty", "'days' must be a whole number of days from 1 to 365 (default 30), not 'thirty'")]
    [InlineData("?days=99999999999999999999", "'days' must be a whole number of days from 1 to 365 (default 30), not '99999999999999999999'")]
    [InlineData("?workflow=ci%0Ayml", "'workflow' must be at most 1024 characters, without control characters")]
    public async Task A_bad_value_is_refused_saying_which_parameter_and_what_it_takes(string query, string detail)
    {
        var refused = (await _api.SendAsync(HttpMethod.Get, Insights + query, _api.AdminToken)).Is(400);

        Assert.Equal(detail, refused.Detail);
    }

    [Fact]
    public async Task A_branch_longer_than_any_ref_is_refused_and_an_unknown_repository_is_not_found()
    {
        var refused = (await _api.SendAsync(HttpMethod.Get, Insights + "?branch=" + new string('b', 1025), _api.AdminToken)).Is(400);
        Assert.Equal("'branch' must be at most 1024 characters, without control characters", refused.Detail);

        var missing = (await _api.SendAsync(HttpMethod.Get, "/api/v1/repos/nowhere/insights", _api.AdminToken)).Is(404);
        Assert.Equal("no repository named 'nowhere' (sluice repo list)", missing.Detail);
    }

    [Fact]
    public async Task A_repository_without_runs_has_every_day_of_the_last_thirty_with_zeros_and_no_rates()
    {
        await Store.AddRepositoryAsync("empty", "https://git.example.test/empty.git", null, null, Start, CancellationToken.None).WaitAsync(ApiServer.Timeout);

        var view = (await _api.SendAsync(HttpMethod.Get, "/api/v1/repos/empty/insights", _api.AdminToken)).Is(200).Json;

        Assert.Equal(("2026-01-31", "2026-03-01"), (view.GetProperty("from").GetString(), view.GetProperty("to").GetString()));
        var days = view.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => new DateOnly(2026, 1, 31).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), days.Select(d => d.GetProperty("day").GetString()));
        foreach (var day in days)
        {
            Assert.Equal([0, 0, 0, 0, 0, 0], new[] { "runs", "succeeded", "failed", "cancelled", "qualityRuns", "flakyRuns" }.Select(p => day.GetProperty(p).GetInt32()));
            Assert.All(Optional, p => Assert.False(day.TryGetProperty(p, out _), $"{p} of nothing should be left out"));
        }

        Assert.Equal(0, view.GetProperty("slowestTests").GetArrayLength());
        Assert.Equal(0, view.GetProperty("mostFailingTests").GetArrayLength());
    }

    [Fact]
    public async Task Branch_and_workflow_narrow_the_figures_and_the_days_end_today_by_the_servers_clock()
    {
        var probe = (await Store.RepositoryAsync(ApiServer.Repository, CancellationToken.None).WaitAsync(ApiServer.Timeout))!;
        var deploy = await Store.CreateRunAsync(
            new NewRun(probe.Id, "Deploy", ".github/workflows/deploy.yml", "on: push\njobs: {}\n", "push", "refs/heads/feature", "0123456789abcdef", "{}", "alice", SecretsAllowed: true),
            Start.AddHours(-4),
            CancellationToken.None).WaitAsync(ApiServer.Timeout);
        await Store.FinishRunAsync(deploy.Id, "success", Start.AddHours(-4).AddSeconds(90), CancellationToken.None).WaitAsync(ApiServer.Timeout);
        var header = new RunHeader("0123456789abcdef", "tree", "feature", null);
        await Store.RecordQualityRunAsync(probe.Id, new NewQualityRun(header, [new("slow", null, TestOutcome.Flaky, 4.5, 2), new("broken", null, TestOutcome.Failed, 0.5, 1)], null, []), Start, CancellationToken.None).WaitAsync(ApiServer.Timeout);

        var all = Today(await GetAsync("?days=1"));
        Assert.Equal((2, 1, 1.0, 90.0, 1, 1, 1.0), (all.GetProperty("runs").GetInt32(), all.GetProperty("succeeded").GetInt32(), all.GetProperty("successRate").GetDouble(), all.GetProperty("durationP50Seconds").GetDouble(), all.GetProperty("qualityRuns").GetInt32(), all.GetProperty("flakyRuns").GetInt32(), all.GetProperty("flakyRate").GetDouble()));

        var feature = await GetAsync("?days=1&branch=refs/heads/feature");
        Assert.Equal((1, 1, 1), (Today(feature).GetProperty("runs").GetInt32(), Today(feature).GetProperty("succeeded").GetInt32(), Today(feature).GetProperty("qualityRuns").GetInt32()));
        var slow = Assert.Single(feature.GetProperty("slowestTests").EnumerateArray(), t => t.GetProperty("test").GetString() == "slow");
        Assert.Equal((4.5, 1), (slow.GetProperty("durationSeconds").GetDouble(), slow.GetProperty("runs").GetInt32()));
        var broken = Assert.Single(feature.GetProperty("mostFailingTests").EnumerateArray());
        Assert.Equal(("broken", 1, 1, 1.0), (broken.GetProperty("test").GetString(), broken.GetProperty("failures").GetInt32(), broken.GetProperty("runs").GetInt32(), broken.GetProperty("failureRate").GetDouble()));

        var main = Today(await GetAsync("?days=1&branch=main"));
        Assert.Equal((1, 0, 0), (main.GetProperty("runs").GetInt32(), main.GetProperty("succeeded").GetInt32(), main.GetProperty("qualityRuns").GetInt32()));
        Assert.False(main.TryGetProperty("successRate", out _), "the probe's run has not completed");

        var ci = Today(await GetAsync("?days=1&workflow=ci.yml"));
        Assert.Equal(1, ci.GetProperty("runs").GetInt32());
        Assert.False(ci.TryGetProperty("durationP50Seconds", out _));
        Assert.Equal(0, Today(await GetAsync("?days=1&workflow=nightly")).GetProperty("runs").GetInt32());

        _api.Clock.Advance(TimeSpan.FromHours(12));
        var later = await GetAsync("?days=2");
        Assert.Equal(("2026-03-01", "2026-03-02"), (later.GetProperty("from").GetString(), later.GetProperty("to").GetString()));
        Assert.Equal([2, 0], later.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("runs").GetInt32()));
    }

    private async Task<JsonElement> GetAsync(string query) => (await _api.SendAsync(HttpMethod.Get, Insights + query, _api.AdminToken)).Is(200).Json;

    private static JsonElement Today(JsonElement view) => Assert.Single(view.GetProperty("days").EnumerateArray());
}
