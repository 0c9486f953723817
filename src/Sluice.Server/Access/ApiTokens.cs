using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>Issuing API tokens into storage: only the hash and the display id are kept; the token itself is shown once.</summary>
public static class ApiTokens
{
    public static async Task<IssuedToken> IssueAsync(IServerStore store, TokenScope scope, IReadOnlyList<string> repositories, string createdBy, string? description, string? owner, DateTimeOffset now, CancellationToken cancellationToken, DateTimeOffset? expiresAt = null)
    {
        var token = TokenIssuer.Issue(scope);
        await store.AddTokenAsync(token.DisplayId, token.Hash, TokenScopeNames.Name(scope), repositories, createdBy, description, owner, expiresAt, now, cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The grant a stored token carries (its scope, and the repositories it is limited to, if any).</summary>
    public static TokenGrant GrantOf(TokenRow row) =>
        new(TokenScopeNames.TryParse(row.Scope, out var scope) ? scope : TokenScope.Read, row.Repositories.Count == 0 ? null : row.Repositories);
}
