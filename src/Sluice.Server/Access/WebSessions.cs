using Sluice.Security.Tokens;
using Sluice.Server.Storage;

namespace Sluice.Server.Access;

/// <summary>
/// A web session is a stored token of its own, issued when a person signs in with a token: the same scope,
/// repositories and owner, the description <see cref="Description"/>, created by the token signed in with (the audit
/// name of it), and an expiry of <c>--session-hours</c>, never later than that token's own. Being a token, it is listed
/// and revoked like one; revoking the token signed in with ends its sessions too.
/// </summary>
public static class WebSessions
{
    public const string Description = "web session";

    /// <summary>Whether a person may sign in with a token of this grant: read, trigger and admin tokens, not agents' tokens.</summary>
    public static bool MaySignIn(TokenScope scope) => scope is TokenScope.Read or TokenScope.Trigger or TokenScope.Admin;

    public static bool IsSession(TokenRow token) => token.Description == Description;

    /// <summary>When a session started now with <paramref name="parent"/> ends (to the millisecond, as storage keeps times).</summary>
    public static DateTimeOffset EndOf(TokenRow parent, DateTimeOffset now, TimeSpan lifetime)
    {
        var end = DateTimeOffset.FromUnixTimeMilliseconds((now + lifetime).ToUnixTimeMilliseconds());
        return parent.ExpiresAt is { } parentEnd && parentEnd < end ? parentEnd : end;
    }

    public static async Task<(IssuedToken Token, DateTimeOffset ExpiresAt)> StartAsync(IServerStore store, TokenRow parent, TokenScope scope, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var expiresAt = EndOf(parent, now, lifetime);
        var token = await ApiTokens.IssueAsync(store, scope, parent.Repositories, Caller.NameOf(parent), Description, parent.Owner, now, cancellationToken, expiresAt).ConfigureAwait(false);
        return (token, expiresAt);
    }

    /// <summary>Revokes the live sessions started with <paramref name="parent"/>, and the sessions started with those; returns their display ids.</summary>
    public static async Task<IReadOnlyList<string>> EndStartedWithAsync(IServerStore store, TokenRow parent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tokens = await store.TokensAsync(cancellationToken).ConfigureAwait(false);
        var ended = new List<string>();
        var parents = new Queue<TokenRow>([parent]);
        while (parents.TryDequeue(out var next))
        {
            var name = Caller.NameOf(next);
            foreach (var session in tokens.Where(t => !t.Revoked && IsSession(t) && t.CreatedBy == name && !ended.Contains(t.Prefix)))
            {
                if (await store.RevokeTokenAsync(session.Id, now, cancellationToken).ConfigureAwait(false))
                {
                    ended.Add(session.Prefix);
                    parents.Enqueue(session);
                }
            }
        }

        return ended;
    }
}
