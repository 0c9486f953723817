using Sluice.Security.Tokens;

namespace Sluice.Server.Access;

/// <summary>
/// A token as <c>sluice token revoke</c> names it: its id (<c>sluice token list</c>), its display id or the start of it
/// (<c>slu_trg_AbCd1234</c>, at least 4 characters after the kind), or the whole token. An agent's credential is named
/// by its display id (<c>sluice agents</c> shows it) or in whole.
/// </summary>
public sealed record TokenReference(long? Id, TokenScope? Scope, string? Prefix, byte[]? Hash)
{
    private const int ShortestBody = 4;

    public bool IsAgentCredential => Scope == TokenScope.AgentCredential;

    /// <summary>The reference in <paramref name="text"/>, or why it is none.</summary>
    public static (TokenReference? Reference, string? Problem) Parse(string text)
    {
        if (text.Length is > 0 and <= 18 && text.All(char.IsAsciiDigit) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return (new TokenReference(id, null, null, null), null);
        }

        var kind = Enum.GetValues<TokenScope>().Where(s => text.StartsWith(TokenFormat.Prefix(s), StringComparison.Ordinal)).Select(s => (TokenScope?)s).FirstOrDefault();
        if (kind is not { } scope)
        {
            return (null, $"'{Sluice.Security.Printable.Of(text)}' names no token: give its id (sluice token list), its display id (slu_trg_AbCd1234) or the token itself");
        }

        if (text.Length == TokenFormat.Length)
        {
            return TokenFormat.TryParse(text, out var token, out var problem)
                ? (new TokenReference(null, token.Scope, token.DisplayId, token.Hash()), null)
                : (null, problem ?? "the token is malformed");
        }

        var body = text[TokenFormat.Prefix(scope).Length..];
        if (body.Length < ShortestBody || body.Length > TokenFormat.DisplayBodyLength || !body.All(char.IsAsciiLetterOrDigit))
        {
            return (null, $"'{Sluice.Security.Printable.Of(text)}' is not a display id: after {TokenFormat.Prefix(scope)} give {ShortestBody} to {TokenFormat.DisplayBodyLength} letters and digits of it (sluice token list), or the whole token");
        }

        return (new TokenReference(null, scope, text, null), null);
    }

    public bool Matches(long id, string prefix, byte[] hash) =>
        Id is { } wanted ? wanted == id
        : Hash is { } exact ? System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(exact, hash)
        : prefix.StartsWith(Prefix!, StringComparison.Ordinal);
}
