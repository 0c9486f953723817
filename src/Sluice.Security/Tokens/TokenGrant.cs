namespace Sluice.Security.Tokens;

/// <summary>
/// What a stored token was granted: its scope and, when it is limited, the repositories it covers (by exact, case
/// sensitive name). A limited token cannot do what concerns the whole server (tokens, agents, the audit log).
/// </summary>
public sealed class TokenGrant
{
    public TokenGrant(TokenScope scope, IEnumerable<string>? repositories = null)
    {
        Scope = scope;
        if (repositories is not null)
        {
            var list = repositories.Distinct(StringComparer.Ordinal).ToList();
            if (list.Count == 0)
            {
                throw new ArgumentException("A token limited to no repository could do nothing; give null for a token that covers every repository.", nameof(repositories));
            }

            if (list.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("A repository a token is limited to has an empty name.", nameof(repositories));
            }

            Repositories = list;
        }
    }

    public TokenScope Scope { get; }

    /// <summary>The repositories the token is limited to, or null when it covers all of them.</summary>
    public IReadOnlyList<string>? Repositories { get; }

    public bool IsLimited => Repositories is not null;

    /// <summary>Whether the token may see and act on <paramref name="repository"/> (for filtering lists).</summary>
    public bool CoversRepository(string repository) =>
        Repositories is null || Repositories.Contains(repository, StringComparer.Ordinal);
}
