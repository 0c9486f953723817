using Sluice.Server.Api.Tests.Support;
using static Sluice.Server.Api.Tests.Support.SessionServer;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// <c>--public-read</c>: visitors without a token read runs, logs, artifacts and agents, and nothing else; a bad token is
/// still refused, and a session cookie that has ended is taken, for reading only, as no cookie at all.
/// </summary>
public sealed class PublicReadTests : IAsyncLifetime
{
    private SessionServer _api = null!;

    public async Task InitializeAsync() => _api = await SessionServer.StartAsync(options => options with { PublicRead = true });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_visitor_without_a_token_reads_runs_logs_and_agents()
    {
        var runs = (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null)).Is(200).Json;
        Assert.Equal(_api.RunId, Assert.Single(runs.EnumerateArray()).GetProperty("id").GetInt64());
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/repos", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}/logs", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}/summaries", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}/artifacts", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/agents", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}/quality", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}/tests", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/repos/{ApiServer.Repository}/tests/history?test=a", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/repos/{ApiServer.Repository}/quarantine", null)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/repos/{ApiServer.Repository}/benchmarks", null)).Is(200);

        var me = (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", null)).Is(200).Json;
        Assert.Equal(("anonymous", "anonymous"), (me.GetProperty("via").GetString(), me.GetProperty("name").GetString()));
        Assert.False(me.TryGetProperty("scope", out _));
        Assert.False(me.TryGetProperty("owner", out _));
        Assert.False(me.GetProperty("mayTrigger").GetBoolean());
        Assert.False(me.GetProperty("mayCancel").GetBoolean());
        Assert.False(me.GetProperty("mayManage").GetBoolean());
    }

    [Fact]
    public async Task A_visitor_without_a_token_sees_no_secret_token_or_audit_entry_and_changes_nothing()
    {
        var requests = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/repos/{ApiServer.Repository}/secrets", null),
            (HttpMethod.Get, "/api/v1/tokens", null),
            (HttpMethod.Get, "/api/v1/audit", null),
            (HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", null),
            (HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/rerun", """{"failedOnly": false}"""),
            (HttpMethod.Post, $"/api/v1/repos/{ApiServer.Repository}/runs", "{}"),
            (HttpMethod.Post, "/api/v1/tokens", """{"scope": "admin"}"""),
            (HttpMethod.Put, $"/api/v1/repos/{ApiServer.Repository}/secrets/STOLEN", """{"value": "x"}"""),
            (HttpMethod.Delete, $"/api/v1/repos/{ApiServer.Repository}", null),
            (HttpMethod.Delete, "/api/v1/session", null),
            (HttpMethod.Put, $"/api/v1/repos/{ApiServer.Repository}/quarantine?test=a", """{"reason": "x"}"""),
            (HttpMethod.Delete, $"/api/v1/repos/{ApiServer.Repository}/quarantine?test=a", null),
        };
        foreach (var (method, path, body) in requests)
        {
            var refused = await _api.SendAsync(method, path, null, body);
            Assert.True(refused.Status == 401, $"{method} {path}: {refused.Status} {refused.Text}");
            Assert.Contains("sign in", refused.Detail, StringComparison.Ordinal);
        }

        var run = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}", null)).Is(200).Json;
        Assert.NotEqual("completed", run.GetProperty("status").GetString());
        Assert.Single((await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null)).Json.EnumerateArray());
        Assert.Single(await _api.Server.State.Store.TokensAsync(CancellationToken.None).WaitAsync(ApiServer.Timeout));
    }

    [Fact]
    public async Task A_bad_or_expired_bearer_token_is_refused_not_taken_for_a_visitor()
    {
        var unknown = Sluice.Security.Tokens.TokenIssuer.Issue(Sluice.Security.Tokens.TokenScope.Read).Text;
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", unknown)).Is(401);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", "slu_rdo_malformed")).Is(401);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: r => r.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz"))).Is(401);

        var expiring = await _api.CreateTokenAsync("""{"scope": "read", "expiresInSeconds": 60}""");
        _api.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("Token expired", (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", expiring)).Is(401).Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_session_cookie_that_has_ended_reads_as_a_visitor_and_is_cleared_but_changes_nothing()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "trigger"}"""))).Is(200);
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        var browser = Browser(signedIn.Cookie("sluice_session").Value, csrf, csrfHeader: csrf, origin: _api.Origin);
        Assert.Equal("cookie", (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", null, adjust: browser)).Is(200).Json.GetProperty("via").GetString());

        _api.Clock.Advance(TimeSpan.FromHours(12));
        var read = (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", null, adjust: browser)).Is(200);
        Assert.Equal("anonymous", read.Json.GetProperty("via").GetString());
        Assert.Equal("", read.Cookie("sluice_session").Value);
        Assert.Equal("0", read.Cookie("sluice_csrf")["max-age"]);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(200);

        var change = (await _api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", null, adjust: browser)).Is(401);
        Assert.Contains("the web session ended on", change.Detail, StringComparison.Ordinal);
        var run = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}", null)).Is(200).Json;
        Assert.NotEqual("completed", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_signed_in_visitor_still_acts_with_the_session_and_is_named_in_the_audit_log()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "trigger", "owner": "user:grace"}"""))).Is(200);
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        (await _api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", null, adjust: Browser(signedIn.Cookie("sluice_session").Value, csrf, csrfHeader: csrf, origin: _api.Origin))).Is(202);
        var audit = await _api.Server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "run.cancel" && a.Actor.StartsWith("user:grace (slu_trg_", StringComparison.Ordinal));
    }
}
