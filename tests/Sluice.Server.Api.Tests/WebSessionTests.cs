using Sluice.Server.Api.Tests.Support;
using static Sluice.Server.Api.Tests.Support.SessionServer;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// Signing in to the dashboard with a token: the cookies it sets, what they open, the cross-site checks on changes, the
/// end of a session (signed out, expired, its token revoked), and the agents' endpoints, which take no cookie. Each test
/// has a server of its own (private: no public read) on a clock it moves.
/// </summary>
public sealed class WebSessionTests : IAsyncLifetime
{
    private SessionServer _api = null!;

    public async Task InitializeAsync() => _api = await SessionServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Signing_in_sets_an_http_only_strict_session_cookie_and_a_readable_csrf_cookie_that_last_twelve_hours()
    {
        var trigger = await _api.CreateTokenAsync("""{"scope": "trigger", "owner": "user:ada", "repositories": ["probe"]}""");
        var signedIn = (await _api.SignInAsync(trigger)).Is(200);

        var session = signedIn.Cookie("sluice_session");
        var csrf = signedIn.Cookie("sluice_csrf");
        Assert.StartsWith("slu_trg_", session.Value, StringComparison.Ordinal);
        Assert.NotEqual(trigger, session.Value);
        Assert.Equal(43, csrf.Value.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", csrf.Value);
        foreach (var cookie in new[] { session, csrf })
        {
            Assert.Equal("strict", cookie["samesite"], StringComparer.OrdinalIgnoreCase);
            Assert.Equal("/", cookie["path"]);
            Assert.Equal("43200", cookie["max-age"]);
            Assert.False(cookie.Has("secure"), "a session over plain HTTP cannot be Secure");
            Assert.False(cookie.Has("domain"));
        }

        Assert.True(session.Has("httponly"));
        Assert.False(csrf.Has("httponly"), "the page's script reads the CSRF cookie to send it back");

        var view = signedIn.Json;
        Assert.Equal("cookie", view.GetProperty("via").GetString());
        Assert.Equal("user:ada", view.GetProperty("owner").GetString());
        Assert.Equal("trigger", view.GetProperty("scope").GetString());
        Assert.Equal(["probe"], view.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Start.AddHours(12), view.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.True(view.GetProperty("mayTrigger").GetBoolean());
        Assert.True(view.GetProperty("mayCancel").GetBoolean());
        Assert.False(view.GetProperty("mayManage").GetBoolean());
        Assert.False(view.GetProperty("mayViewAudit").GetBoolean());
        Assert.True(view.GetProperty("mayApprove").GetBoolean());

        var tokens = (await _api.SendAsync(HttpMethod.Get, "/api/v1/tokens", _api.AdminToken)).Is(200).Json;
        var stored = Assert.Single(tokens.EnumerateArray(), t => t.TryGetProperty("description", out var d) && d.GetString() == "web session");
        Assert.Equal(("trigger", "user:ada", Start.AddHours(12)), (stored.GetProperty("scope").GetString(), stored.GetProperty("owner").GetString(), stored.GetProperty("expiresAt").GetDateTimeOffset()));
        var audit = await _api.Server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        var entry = Assert.Single(audit, a => a.Action == "session.start");
        Assert.StartsWith("user:ada (slu_trg_", entry.Actor, StringComparison.Ordinal);
        Assert.Equal(stored.GetProperty("prefix").GetString(), entry.Target);
    }

    [Fact]
    public async Task The_cookie_opens_reads_and_a_change_needs_the_csrf_header_and_the_servers_own_origin()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "trigger"}"""))).Is(200);
        var session = signedIn.Cookie("sluice_session").Value;
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        var cancel = $"/api/v1/runs/{_api.RunId}/cancel";

        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: Browser(session, csrf))).Is(200);
        (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}", null, adjust: Browser(session, csrf))).Is(200);
        var me = (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", null, adjust: Browser(session, csrf))).Is(200).Json;
        Assert.Equal("cookie", me.GetProperty("via").GetString());

        var refusals = new[]
        {
            Browser(session, csrf),
            Browser(session, csrf, csrfHeader: csrf[..^1] + (csrf[^1] == 'A' ? 'B' : 'A')),
            Browser(session, null, csrfHeader: csrf),
            Browser(session, csrf, csrfHeader: csrf, origin: "https://evil.example"),
            Browser(session, csrf, csrfHeader: csrf, origin: "null"),
            Browser(session, csrf, csrfHeader: csrf, origin: _api.Origin.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)),
        };
        foreach (var browser in refusals)
        {
            var refused = (await _api.SendAsync(HttpMethod.Post, cancel, null, adjust: browser)).Is(403);
            Assert.StartsWith("cross-site request refused: ", refused.Detail, StringComparison.Ordinal);
        }

        var run = (await _api.SendAsync(HttpMethod.Get, $"/api/v1/runs/{_api.RunId}", _api.AdminToken)).Is(200).Json;
        Assert.NotEqual("completed", run.GetProperty("status").GetString());

        (await _api.SendAsync(HttpMethod.Post, cancel, null, adjust: Browser(session, csrf, csrfHeader: csrf, origin: _api.Origin))).Is(202);
        var audit = await _api.Server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "run.cancel" && a.Actor.StartsWith("user:admin (slu_trg_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_without_an_origin_header_is_taken_with_the_csrf_header_alone()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "trigger"}"""))).Is(200);
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        (await _api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", null, adjust: Browser(signedIn.Cookie("sluice_session").Value, csrf, csrfHeader: csrf))).Is(202);
    }

    [Fact]
    public async Task A_bearer_token_needs_no_csrf_header_whatever_cookies_and_origin_come_with_it()
    {
        var trigger = await _api.CreateTokenAsync("""{"scope": "trigger"}""");
        (await _api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", trigger, adjust: Browser("slu_adm_stale", "x", origin: "https://evil.example"))).Is(202);
    }

    [Fact]
    public async Task The_session_of_a_read_token_reads_but_cannot_cancel()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "read"}"""))).Is(200);
        Assert.False(signedIn.Json.GetProperty("mayCancel").GetBoolean());
        Assert.StartsWith("slu_rdo_", signedIn.Cookie("sluice_session").Value, StringComparison.Ordinal);
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        var browser = Browser(signedIn.Cookie("sluice_session").Value, csrf, csrfHeader: csrf, origin: _api.Origin);

        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(200);
        var refused = (await _api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", null, adjust: browser)).Is(403);
        Assert.Contains("A read token cannot cancel runs", refused.Detail, StringComparison.Ordinal);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/tokens", null, adjust: browser)).Is(403);
    }

    [Fact]
    public async Task A_bad_token_cannot_sign_in_and_failures_are_slowed_down_as_for_bearer_tokens()
    {
        var unknown = Sluice.Security.Tokens.TokenIssuer.Issue(Sluice.Security.Tokens.TokenScope.Admin).Text;
        Assert.Contains("not known to this server", (await _api.SignInAsync(unknown)).Is(401).Detail, StringComparison.Ordinal);
        (await _api.SignInAsync("slu_adm_not-a-token")).Is(401);
        (await _api.SignInAsync("")).Is(401);
        Assert.Contains("the body needs a value at $.token", (await _api.SendAsync(HttpMethod.Post, "/api/v1/session", null, "{}")).Is(400).Detail, StringComparison.Ordinal);

        var statuses = new List<int>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var answer = await _api.SignInAsync(unknown);
            Assert.Empty(answer.Cookies);
            statuses.Add(answer.Status);
        }

        Assert.Contains(429, statuses);
        Assert.DoesNotContain(statuses, s => s is not (401 or 429));

        // The same throttle as for the header: a guess by bearer token is slowed down too, and a real token still works.
        Assert.Equal(429, (await _api.SendAsync(HttpMethod.Get, "/api/v1/repos", unknown)).Status);
        (await _api.SignInAsync(_api.AdminToken)).Is(200);
        Assert.DoesNotContain(await _api.Server.State.Store.TokensAsync(CancellationToken.None).WaitAsync(ApiServer.Timeout), t => t.Description == "web session" && t.Scope != "admin");
    }

    [Fact]
    public async Task An_expired_token_is_told_so_and_agents_tokens_cannot_sign_in()
    {
        var expiring = await _api.CreateTokenAsync("""{"scope": "trigger", "expiresInSeconds": 60}""");
        _api.Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = (await _api.SignInAsync(expiring)).Is(401).Json;
        Assert.Equal("Token expired", expired.GetProperty("title").GetString());

        var registration = await _api.CreateTokenAsync("""{"scope": "agent"}""");
        Assert.Contains("is for agents and cannot sign in", (await _api.SignInAsync(registration)).Is(403).Detail, StringComparison.Ordinal);
        Assert.Contains("is for agents", (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", registration)).Is(403).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_from_a_page_of_another_site_is_refused()
    {
        var refused = (await _api.SignInAsync(_api.AdminToken, Browser(null, null, origin: "https://evil.example"))).Is(403);
        Assert.StartsWith("cross-site request refused: it comes from the page of https://evil.example", refused.Detail, StringComparison.Ordinal);
        Assert.Empty(refused.Cookies);
        (await _api.SignInAsync(_api.AdminToken, Browser(null, null, origin: _api.Origin))).Is(200);
    }

    [Fact]
    public async Task Signing_out_needs_the_csrf_header_revokes_the_session_and_clears_both_cookies()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "trigger"}"""))).Is(200);
        var session = signedIn.Cookie("sluice_session").Value;
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        var browser = Browser(session, csrf, csrfHeader: csrf, origin: _api.Origin);

        (await _api.SendAsync(HttpMethod.Delete, "/api/v1/session", null, adjust: Browser(session, csrf))).Is(403);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", null, adjust: browser)).Is(200);

        var ended = (await _api.SendAsync(HttpMethod.Delete, "/api/v1/session", null, adjust: browser)).Is(204);
        foreach (var name in new[] { "sluice_session", "sluice_csrf" })
        {
            var cleared = ended.Cookie(name);
            Assert.Equal("", cleared.Value);
            Assert.Equal("0", cleared["max-age"]);
            Assert.Contains("1970", cleared["expires"], StringComparison.Ordinal);
        }

        var refused = (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(401);
        Assert.Contains("the web session is no longer valid", refused.Detail, StringComparison.Ordinal);
        Assert.Equal("", refused.Cookie("sluice_session").Value);
        (await _api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{_api.RunId}/cancel", null, adjust: browser)).Is(401);
        (await _api.SendAsync(HttpMethod.Delete, "/api/v1/session", null, adjust: browser)).Is(401);

        var audit = await _api.Server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "session.end" && a.Target == session[..16]);
    }

    [Fact]
    public async Task Signing_out_ends_only_web_sessions_not_the_bearer_token_of_a_tool()
    {
        var trigger = await _api.CreateTokenAsync("""{"scope": "trigger"}""");
        Assert.Contains("is not a web session", (await _api.SendAsync(HttpMethod.Delete, "/api/v1/session", trigger)).Is(409).Detail, StringComparison.Ordinal);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/session", trigger)).Is(200);
        (await _api.SendAsync(HttpMethod.Delete, "/api/v1/session", null)).Is(401);
    }

    [Fact]
    public async Task A_session_ends_after_twelve_hours_and_never_after_the_token_signed_in_with()
    {
        var signedIn = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "read"}"""))).Is(200);
        var browser = Browser(signedIn.Cookie("sluice_session").Value, signedIn.Cookie("sluice_csrf").Value);
        var shortLived = (await _api.SignInAsync(await _api.CreateTokenAsync("""{"scope": "read", "expiresInSeconds": 3600}"""))).Is(200);
        Assert.Equal("3600", shortLived.Cookie("sluice_session")["max-age"]);
        Assert.Equal(Start.AddHours(1), shortLived.Json.GetProperty("expiresAt").GetDateTimeOffset());
        var shortBrowser = Browser(shortLived.Cookie("sluice_session").Value, null);

        _api.Clock.Advance(TimeSpan.FromHours(1));
        var ended = (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: shortBrowser)).Is(401);
        Assert.Contains("the web session ended on 2026-03-01 13:00:00 UTC; sign in again", ended.Detail, StringComparison.Ordinal);

        _api.Clock.Advance(TimeSpan.FromHours(11) - TimeSpan.FromSeconds(1));
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(200);
        _api.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("the web session ended on 2026-03-02 00:00:00 UTC", (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(401).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_the_token_signed_in_with_ends_its_web_sessions()
    {
        var trigger = await _api.CreateTokenAsync("""{"scope": "trigger"}""");
        var signedIn = (await _api.SignInAsync(trigger)).Is(200);
        var browser = Browser(signedIn.Cookie("sluice_session").Value, null);
        var other = (await _api.SignInAsync(_api.AdminToken)).Is(200);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(200);

        var revoked = await _api.SendAsync(HttpMethod.Delete, $"/api/v1/tokens/{trigger}", _api.AdminToken);
        revoked.Is(200);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: browser)).Is(401);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: Browser(other.Cookie("sluice_session").Value, null))).Is(200);
        var audit = await _api.Server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        Assert.Contains(audit, a => a.Action == "token.revoke" && a.Detail!.Contains("its web sessions ended: " + signedIn.Cookie("sluice_session").Value[..16], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_public_read_a_visitor_without_a_token_is_asked_for_one()
    {
        foreach (var path in new[] { "/api/v1/runs", "/api/v1/repos", $"/api/v1/runs/{_api.RunId}", "/api/v1/agents", "/api/v1/session" })
        {
            var refused = (await _api.SendAsync(HttpMethod.Get, path, null)).Is(401);
            Assert.Contains("sign in", refused.Detail, StringComparison.Ordinal);
        }

        (await _api.SendAsync(HttpMethod.Get, "/api/v1/runs", null, adjust: Browser("slu_rdo_stale", null))).Is(401);
    }

    [Fact]
    public async Task The_agents_endpoints_take_no_cookie()
    {
        var registration = await _api.CreateTokenAsync("""{"scope": "agent"}""");
        var register = """{"name": "cookie-agent", "labels": [], "version": "1"}""";
        (await _api.SendAsync(HttpMethod.Post, "/api/v1/agents/register", null, register, Browser(registration, "c", csrfHeader: "c", origin: _api.Origin))).Is(401);
        var registered = (await _api.SendAsync(HttpMethod.Post, "/api/v1/agents/register", registration, register)).Is(200);
        var credential = registered.Json.GetProperty("credential").GetString()!;

        (await _api.SendAsync(HttpMethod.Post, "/api/v1/agent/claim", null, """{"waitSeconds": 0}""", Browser(credential, "c", csrfHeader: "c", origin: _api.Origin))).Is(401);
        (await _api.SendAsync(HttpMethod.Post, "/api/v1/jobs/1/attempts/1/heartbeat", null, "{}", Browser(credential, "c", csrfHeader: "c"))).Is(401);
        (await _api.SendAsync(HttpMethod.Get, "/api/v1/jobs/1/attempts/1/source", null, adjust: Browser(credential, "c"))).Is(401);

        // A session signed in with an admin token opens no agent endpoint either.
        var admin = (await _api.SignInAsync(_api.AdminToken)).Is(200);
        var csrf = admin.Cookie("sluice_csrf").Value;
        (await _api.SendAsync(HttpMethod.Post, "/api/v1/agent/claim", null, """{"waitSeconds": 0}""", Browser(admin.Cookie("sluice_session").Value, csrf, csrfHeader: csrf))).Is(401);
        (await _api.SendAsync(HttpMethod.Post, "/api/v1/agent/claim", credential, """{"waitSeconds": 0}""")).Is(204);
    }
}
