using System.Net;
using Microsoft.AspNetCore.Http;
using Sluice.Security.Throttling;
using Sluice.Security.Tokens;
using Sluice.Server.Access;
using Sluice.Server.Storage;

namespace Sluice.Server.Api;

/// <summary>
/// Finds the caller of a request from its bearer token and checks that its grant allows the action. A token with a
/// wrong checksum is refused before any lookup; repeated failures from one source are slowed down (429 with
/// Retry-After), so tokens cannot be guessed at speed. An expired token is refused with a problem of its own (when it
/// expired), and is not counted as a failure: it is a real token, not a guess.
/// </summary>
public sealed class Authentication(IServerStore store, TimeProvider time)
{
    private readonly AuthThrottle _throttle = new(new AuthThrottleOptions(), time);

    public async Task<(Caller? Caller, IResult? Problem)> RequireAsync(HttpContext context, TokenAction action, string? repository = null)
    {
        var (row, problem) = await TokenAsync(context).ConfigureAwait(false);
        if (row is null)
        {
            return (null, problem);
        }

        var grant = ApiTokens.GrantOf(row);
        if (TokenPolicy.Problem(grant, action, repository) is { } refused)
        {
            return (null, Problems.Forbidden(refused));
        }

        return (new Caller(row, grant, Caller.SourceOf(context)), null);
    }

    /// <summary>The stored row of the request's token, or the problem to answer (missing, malformed, unknown, throttled).</summary>
    public async Task<(TokenRow? Row, IResult? Problem)> TokenAsync(HttpContext context)
    {
        var text = Caller.Bearer(context);
        if (text is null)
        {
            return (null, Problems.Unauthorized("send a token: 'Authorization: Bearer <token>' (sluice token create, or DATA/admin.token)"));
        }

        // A token that is valid is always taken (guessing one is hopeless; the throttle is for the failures): an
        // address that sent many bad tokens is slowed down for its failures, not locked out with its good ones.
        var source = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        var parsed = TokenFormat.TryParse(text, out var token, out var formatProblem) ? token : null;
        var row = parsed is null ? null : await store.TokenByHashAsync(parsed.Hash(), context.RequestAborted).ConfigureAwait(false);
        if (row is not null && row.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            // A real token past its time: said apart from an unknown one, and not a failed guess to slow down.
            return (null, Problems.Of(StatusCodes.Status401Unauthorized, "Token expired", $"the token {row.Prefix} expired on {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; ask for a new one (sluice token create)"));
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
            return (null, Problems.Of(StatusCodes.Status429TooManyRequests, "Too many requests", $"too many failed attempts to authenticate from this address; try again in {check.RetryAfterSeconds} s"));
        }

        _throttle.RecordFailure(source, parsed?.DisplayId);
        return (null, Problems.Unauthorized(parsed is null ? formatProblem ?? "the token is malformed" : "the token is not known to this server, or was revoked"));
    }
}
