using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Access;

/// <summary>
/// Refuses changes a page of another site would make with a person's session cookie. A request authenticated by the
/// cookie that changes something must carry <c>X-Sluice-Csrf</c> equal to the <c>sluice_csrf</c> cookie (another site
/// can neither read that cookie nor set that header), and, when the browser says where it comes from (<c>Origin</c>),
/// come from the server's own origin. Requests with a bearer token need neither: a browser never adds one by itself.
/// </summary>
public static class CrossSiteCheck
{
    private const string Refused = "cross-site request refused: ";

    public static bool Changes(HttpContext context) => !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));

    /// <summary>Why a change made with the session cookie is refused, or null when it came from the dashboard itself.</summary>
    public static string? Problem(HttpContext context)
    {
        var cookie = context.Request.Cookies[SessionCookies.Csrf] ?? "";
        var header = context.Request.Headers[SessionCookies.CsrfHeader].ToString();
        if (cookie.Length == 0 || header.Length == 0)
        {
            return Refused + $"a change made with the web session must send the {SessionCookies.CsrfHeader} header with the value of the {SessionCookies.Csrf} cookie (sign in again if that cookie is gone)";
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(header)))
        {
            return Refused + $"the {SessionCookies.CsrfHeader} header does not match the {SessionCookies.Csrf} cookie; reload the page";
        }

        return OriginProblem(context);
    }

    /// <summary>Why the request's <c>Origin</c> is not the server's own (scheme, host and port, as a trusted proxy gave them); null when it is, or is not said.</summary>
    public static string? OriginProblem(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        return SameOrigin(origin, own) ? null : Refused + $"it comes from the page of {Sluice.Security.Printable.Of(origin)}, not of {own}";
    }

    private static bool SameOrigin(string origin, string own) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var theirs)
        && Uri.TryCreate(own, UriKind.Absolute, out var ours)
        && theirs.AbsolutePath == "/" && theirs.Query.Length == 0 && theirs.UserInfo.Length == 0
        && string.Equals(theirs.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(theirs.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase)
        && theirs.Port == ours.Port;
}
