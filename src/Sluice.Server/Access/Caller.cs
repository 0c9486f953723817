using Microsoft.AspNetCore.Http;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>Who made a request: the token's row (scope and repositories) and the address it came from, for the audit log.</summary>
public sealed record Caller(TokenRow Token, string? Source)
{
    public string Name => Token.Description is { Length: > 0 } d ? $"{d} ({Token.Prefix})" : Token.Prefix;

    public bool MayUse(string repository) => Token.Repositories.Count == 0 || Token.Repositories.Contains(repository, StringComparer.Ordinal);

    public static string? SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    public static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
