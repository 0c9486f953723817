namespace Sluice.Security.Tokens;

/// <summary>
/// A new token: <see cref="Text"/> is shown to its holder once and never stored; the server keeps
/// <see cref="Hash"/>, <see cref="DisplayId"/> and <see cref="Scope"/>. <see cref="ToString"/> gives only the display
/// id so that logging one cannot leak it.
/// </summary>
public sealed class IssuedToken
{
    internal IssuedToken(TokenScope scope, string text)
    {
        Scope = scope;
        Text = text;
        DisplayId = TokenFormat.DisplayIdOf(text);
        Hash = TokenHash.Of(text);
    }

    public TokenScope Scope { get; }

    /// <summary>The token itself, to hand to its holder.</summary>
    public string Text { get; }

    /// <summary>The prefix and first characters of the token, to store in clear and show in lists.</summary>
    public string DisplayId { get; }

    /// <summary>The SHA-256 of <see cref="Text"/>, to store.</summary>
    public byte[] Hash { get; }

    public override string ToString() => DisplayId;
}
