using Microsoft.AspNetCore.Http;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>
/// Who made a request: the token's row and grant, how it came (a bearer header, the web session cookie, or nothing at
/// all from an anonymous visitor of a server with public read), and the address it came from, for the audit log.
/// </summary>
public sealed record Caller(TokenRow? Token, TokenGrant Grant, string? Source, CallerCredential Credential)
{
    public const string AnonymousName = "anonymous";

    public bool IsAnonymous => Token is null;

    /// <summary>As the audit log names the caller: the token's owner (or, for older tokens, its description) and its display id; "anonymous" without one.</summary>
    public string Name => Token is null ? AnonymousName : NameOf(Token);

    public string? Owner => Token?.Owner;

    public bool MayUse(string repository) => Grant.CoversRepository(repository);

    public static Caller Of(TokenRow token, CallerCredential credential, HttpContext context) => new(token, ApiTokens.GrantOf(token), SourceOf(context), credential);

    /// <summary>Someone without a token on a server with public read: what a read token for every repository may do, and nothing more.</summary>
    public static Caller Anonymous(HttpContext context) => new(null, new TokenGrant(TokenScope.Read), SourceOf(context), CallerCredential.None);

    public static string NameOf(TokenRow token) => (token.Owner ?? token.Description) is { Length: > 0 } who ? $"{who} ({token.Prefix})" : token.Prefix;

    public static string? SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>The token of the <c>Authorization: Bearer</c> header, the only place agents, lease holders and tools send one.</summary>
    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}

/// <summary>How a caller proved who it is.</summary>
public enum CallerCredential
{
    /// <summary>No credential: an anonymous visitor of a server with public read.</summary>
    None,

    /// <summary><c>Authorization: Bearer</c>: tools, scripts and the CLI; never sent by a browser on its own.</summary>
    Bearer,

    /// <summary>The <c>sluice_session</c> cookie of a web session; a browser sends it with every request to the server.</summary>
    SessionCookie,
}
