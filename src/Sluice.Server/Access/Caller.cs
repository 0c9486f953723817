using Microsoft.AspNetCore.Http;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>Who made a request: the token's row and grant, and the address it came from, for the audit log.</summary>
public sealed record Caller(TokenRow Token, TokenGrant Grant, string? Source)
{
    /// <summary>As the audit log names the caller: the token's owner (or, for older tokens, its description) and its display id.</summary>
    public string Name => (Token.Owner ?? Token.Description) is { Length: > 0 } who ? $"{who} ({Token.Prefix})" : Token.Prefix;

    public bool MayUse(string repository) => Grant.CoversRepository(repository);

    public static string? SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
