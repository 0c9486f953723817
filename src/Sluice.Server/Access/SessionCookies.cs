using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Access;

/// <summary>
/// The two cookies of a web session. <c>sluice_session</c> holds the session's own token, out of reach of scripts
/// (HttpOnly); <c>sluice_csrf</c> holds a random value the page's script reads and sends back as the
/// <c>X-Sluice-Csrf</c> header with every change, which a page of another site cannot do (<see cref="CrossSiteCheck"/>).
/// Both are SameSite=Strict, so a browser does not send them with requests another site starts, and Secure when the
/// request came over HTTPS (to the server or, with <c>--trusted-proxy</c>, to the proxy in front of it).
/// </summary>
public static class SessionCookies
{
    public const string Session = "sluice_session";

    public const string Csrf = "sluice_csrf";

    public const string CsrfHeader = "X-Sluice-Csrf";

    public static string? SessionOf(HttpContext context) => context.Request.Cookies[Session] is { Length: > 0 } value ? value : null;

    /// <summary>Sets both cookies for a session that ends after <paramref name="lifetime"/>.</summary>
    public static void Start(HttpContext context, string sessionToken, TimeSpan lifetime)
    {
        var csrf = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(Session, sessionToken, Options(context, httpOnly: true, lifetime));
        context.Response.Cookies.Append(Csrf, csrf, Options(context, httpOnly: false, lifetime));
    }

    /// <summary>Tells the browser to forget both cookies (an expired Set-Cookie for each).</summary>
    public static void Clear(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Cookies.Append(Session, "", Expired(context, httpOnly: true));
        context.Response.Cookies.Append(Csrf, "", Expired(context, httpOnly: false));
    }

    private static CookieOptions Expired(HttpContext context, bool httpOnly)
    {
        var options = Options(context, httpOnly, TimeSpan.Zero);
        options.Expires = DateTimeOffset.UnixEpoch;
        return options;
    }

    private static CookieOptions Options(HttpContext context, bool httpOnly, TimeSpan lifetime) => new()
    {
        HttpOnly = httpOnly,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        // Request.IsHttps is the proxy's scheme when a trusted proxy said so (X-Forwarded-Proto, TrustedProxies).
        Secure = context.Request.IsHttps,
        // Whole seconds; the expiry is stored to the millisecond, so the cookie may outlive it by less than one (the server refuses it then).
        MaxAge = TimeSpan.FromSeconds(Math.Max(0, Math.Round(lifetime.TotalSeconds))),
        IsEssential = true,
    };
}
