using System.Net;
using Microsoft.AspNetCore.Http;
using Sluice.Security.Throttling;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// Finds the caller of a request and checks that its grant allows the action. The token comes from the
/// <c>Authorization: Bearer</c> header, else from the web session cookie (whose changes must pass
/// <see cref="CrossSiteCheck"/>), else, on a server with public read, the caller is anonymous and may only read. A token
/// with a wrong checksum is refused before any lookup; repeated failures from one source are slowed down (429 with
/// Retry-After), so tokens cannot be guessed at speed. An expired token is refused with a problem of its own (when it
/// expired), and is not counted as a failure: it is a real token, not a guess.
/// </summary>
public sealed class Authentication(IServerStore store, TimeProvider time, bool publicRead)
{
    private const string SendAToken = "send a token: 'Authorization: Bearer <token>' (sluice token create, or DATA/admin.token), or sign in to the dashboard";

    private readonly AuthThrottle _throttle = new(new AuthThrottleOptions(), time);

    public async Task<(Caller? Caller, IResult? Problem)> RequireAsync(HttpContext context, TokenAction action, string? repository = null)
    {
        var (caller, problem) = await CallerAsync(context).ConfigureAwait(false);
        if (caller is null)
        {
            return (null, problem);
        }

        if (TokenPolicy.Problem(caller.Grant, action, repository) is { } refused)
        {
            return (null, Refuse(caller, refused));
        }

        return (caller, null);
    }

    /// <summary>The answer when <paramref name="caller"/> may not do what it asked: 403, or 401 for an anonymous visitor, who may sign in.</summary>
    public static IResult Refuse(Caller caller, string reason) =>
        caller.IsAnonymous ? Problems.Unauthorized($"anonymous visitors may only read runs, logs, artifacts, quality history and agents; {SendAToken}") : Problems.Forbidden(reason);

    /// <summary>
    /// Who makes the request, or the problem to answer. A bad or expired token is refused, never taken for an anonymous
    /// visitor, with one exception: on a server with public read, a request that only reads and carries a session
    /// cookie that no longer opens anything (expired, revoked, signed out elsewhere) is answered as anonymous, and told
    /// to forget the cookie, so that a page left open past its session still shows what anyone may see.
    /// </summary>
    public async Task<(Caller? Caller, IResult? Problem)> CallerAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            var (row, problem) = await TokenAsync(context).ConfigureAwait(false);
            return row is null ? (null, problem) : (Caller.Of(row, CallerCredential.Bearer, context), null);
        }

        if (SessionCookies.SessionOf(context) is { } cookie)
        {
            return await SessionCallerAsync(context, cookie).ConfigureAwait(false);
        }

        return publicRead ? (Caller.Anonymous(context), null) : (null, Problems.Unauthorized(SendAToken));
    }

    private async Task<(Caller? Caller, IResult? Problem)> SessionCallerAsync(HttpContext context, string cookie)
    {
        var (row, refusal) = await LookUpAsync(context, cookie).ConfigureAwait(false);
        if (row is not null)
        {
            return CrossSiteCheck.Changes(context) && CrossSiteCheck.Problem(context) is { } crossSite
                ? (null, Problems.Forbidden(crossSite))
                : (Caller.Of(row, CallerCredential.SessionCookie, context), null);
        }

        // The browser keeps a cookie that opens nothing until told to forget it.
        SessionCookies.Clear(context);
        if (refusal!.Status != StatusCodes.Status401Unauthorized)
        {
            return (null, refusal.Result);
        }

        if (publicRead && !CrossSiteCheck.Changes(context))
        {
            return (Caller.Anonymous(context), null);
        }

        var ended = refusal.ExpiredAt is { } at
            ? $"the web session ended on {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; sign in again"
            : "the web session is no longer valid (it was ended, or its token revoked); sign in again";
        return (null, Problems.Of(refusal.Status, refusal.Title, ended));
    }

    /// <summary>
    /// The stored row of the token of the request's <c>Authorization</c> header, or the problem to answer (missing,
    /// malformed, unknown, throttled). Agents' and tools' endpoints use it alone: a browser's cookie opens none of them.
    /// </summary>
    public async Task<(TokenRow? Row, IResult? Problem)> TokenAsync(HttpContext context)
    {
        var text = Caller.Bearer(context);
        if (text is null)
        {
            return (null, Problems.Unauthorized(context.Request.Headers.Authorization.Count > 0 ? "the Authorization header must be 'Bearer <token>'" : SendAToken));
        }

        var (row, refusal) = await LookUpAsync(context, text).ConfigureAwait(false);
        return (row, refusal?.Result);
    }

    /// <summary>The stored row of <paramref name="text"/> (a token given in a body, as when signing in), with the same throttle of failures as a header's.</summary>
    public async Task<(TokenRow? Row, IResult? Problem)> TokenAsync(HttpContext context, string text)
    {
        var (row, refusal) = await LookUpAsync(context, text).ConfigureAwait(false);
        return (row, refusal?.Result);
    }

    private async Task<(TokenRow? Row, Refusal? Refusal)> LookUpAsync(HttpContext context, string text)
    {
        // A token that is valid is always taken (guessing one is hopeless; the throttle is for the failures): an
        // address that sent many bad tokens is slowed down for its failures, not locked out with its good ones.
        var source = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        var parsed = TokenFormat.TryParse(text, out var token, out var formatProblem) ? token : null;
        var row = parsed is null ? null : await store.TokenByHashAsync(parsed.Hash(), context.RequestAborted).ConfigureAwait(false);
        if (row is not null && row.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            // A real token past its time: said apart from an unknown one, and not a failed guess to slow down.
            return (null, new Refusal(StatusCodes.Status401Unauthorized, "Token expired", $"the token {row.Prefix} expired on {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; ask for a new one (sluice token create)", expiresAt));
        }

        if (row is not null)
        {
            _throttle.RecordSuccess(source, parsed!.DisplayId);
            return (row, null);
        }

        var check = _throttle.Check(source, parsed?.DisplayId);
        if (!check.Allowed)
        {
            context.Response.Headers.RetryAfter = check.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (null, new Refusal(StatusCodes.Status429TooManyRequests, "Too many requests", $"too many failed attempts to authenticate from this address; try again in {check.RetryAfterSeconds} s"));
        }

        _throttle.RecordFailure(source, parsed?.DisplayId);
        return (null, new Refusal(StatusCodes.Status401Unauthorized, "Unauthorized", parsed is null ? formatProblem ?? "the token is malformed" : "the token is not known to this server, or was revoked"));
    }

    private sealed record Refusal(int Status, string Title, string Detail, DateTimeOffset? ExpiredAt = null)
    {
        public IResult Result => Problems.Of(Status, Title, Detail);
    }
}
