using Sluice.Server.Api.Tests.Support;
using static Sluice.Server.Api.Tests.Support.SessionServer;

namespace Sluice.Server.Api.Tests;

/// <summary>
/// The session's cookies are Secure when the browser spoke HTTPS: to a trusted proxy that says so with
/// <c>X-Forwarded-Proto</c>; the header of anyone else is ignored. The server's own origin is the proxy's too.
/// </summary>
public sealed class SessionBehindProxyTests
{
    private static Action<HttpRequestMessage> ThroughProxy(string? origin = null, string? session = null, string? csrf = null) => request =>
    {
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "ci.example.org");
        Browser(session, csrf, csrfHeader: csrf, origin: origin)(request);
    };

    [Fact]
    public async Task Behind_a_trusted_proxy_that_speaks_https_both_cookies_are_secure_and_its_origin_is_the_servers()
    {
        await using var api = await SessionServer.StartAsync(options => options with { TrustedProxies = ["127.0.0.1"] });
        var signedIn = (await api.SignInAsync(await api.CreateTokenAsync("""{"scope": "trigger"}"""), ThroughProxy(origin: "https://ci.example.org"))).Is(200);
        Assert.True(signedIn.Cookie("sluice_session").Has("secure"));
        Assert.True(signedIn.Cookie("sluice_csrf").Has("secure"));

        var session = signedIn.Cookie("sluice_session").Value;
        var csrf = signedIn.Cookie("sluice_csrf").Value;
        (await api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{api.RunId}/cancel", null, adjust: ThroughProxy(api.Origin, session, csrf))).Is(403);
        (await api.SendAsync(HttpMethod.Post, $"/api/v1/runs/{api.RunId}/cancel", null, adjust: ThroughProxy("https://ci.example.org", session, csrf))).Is(202);
        var audit = await api.Server.State.Store.AuditLogAsync(10, CancellationToken.None).WaitAsync(ApiServer.Timeout);
        Assert.Equal("203.0.113.9", Assert.Single(audit, a => a.Action == "session.start").Source);
    }

    [Fact]
    public async Task Without_a_trusted_proxy_forwarded_headers_neither_make_cookies_secure_nor_change_the_origin()
    {
        await using var api = await SessionServer.StartAsync();
        var refused = (await api.SignInAsync(api.AdminToken, ThroughProxy(origin: "https://ci.example.org"))).Is(403);
        Assert.Empty(refused.Cookies);

        var signedIn = (await api.SignInAsync(api.AdminToken, ThroughProxy(origin: api.Origin))).Is(200);
        Assert.False(signedIn.Cookie("sluice_session").Has("secure"));
        Assert.False(signedIn.Cookie("sluice_csrf").Has("secure"));
    }
}
