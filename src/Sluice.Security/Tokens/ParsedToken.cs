namespace Sluice.Security.Tokens;

/// <summary>
/// A token whose form and checksum are right: it may still be unknown to the server, or revoked. Its text is the
/// secret; <see cref="ToString"/> gives only the display id so that logging one cannot leak it.
/// </summary>
public sealed class ParsedToken
{
    internal ParsedToken(TokenScope scope, string text)
    {
        Scope = scope;
        Text = text;
    }

    /// <summary>The kind named by the token's prefix (what it claims to be; the stored record has the final say).</summary>
    public TokenScope Scope { get; }

    /// <summary>The whole token: the secret the holder presented.</summary>
    public string Text { get; }

    /// <summary>The prefix and the first characters of the body, safe to store in clear, index and show in lists.</summary>
    public string DisplayId => TokenFormat.DisplayIdOf(Text);

    /// <summary>The SHA-256 of the token, the form in which it is stored.</summary>
    public byte[] Hash() => TokenHash.Of(Text);

    public override string ToString() => DisplayId;
}
