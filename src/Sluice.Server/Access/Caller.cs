using Microsoft.AspNetCore.Http;
using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>Who made a request: the token's row and grant, and the address it came from, for the audit log.</summary>
public sealed record Caller(TokenRow Token, TokenGrant Grant, string? Source)
{
    public string Name => Token.Description is { Length: > 0 } d ? $"{d} ({Token.Prefix})" : Token.Prefix;

    public bool MayUse(string repository) => Grant.CoversRepository(repository);

    public static string? SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
