using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace Sluice.Security.Tokens;

/// <summary>
/// The printed form of a token: <c>slu_&lt;kind&gt;_&lt;body&gt;&lt;checksum&gt;</c>, 57 characters. The kind is
/// three letters (<c>rdo</c>, <c>trg</c>, <c>adm</c>, <c>agt</c>, <c>agc</c>) so a token found in a log or a
/// repository says what it opens and secret scanners can recognise it; the body is 32 random bytes in fixed-width
/// base62 (43 characters); the checksum is the CRC-32 of everything before it in base62 (6 characters).
/// </summary>
/// <remarks>
/// The checksum is not a secret and proves nothing about who made the token: it lets a mistyped or truncated token be
/// refused before any lookup. CRC-32 detects every error within 32 consecutive bits, so every changed character and
/// every swap of two neighbours, and also covers the prefix, so <c>agt</c> mistyped as <c>agc</c> is caught too.
/// </remarks>
public static class TokenFormat
{
    public const string Start = "slu_";

    /// <summary>The random bytes in a token.</summary>
    public const int SecretBytes = 32;

    /// <summary>The characters after the kind that show in <see cref="DisplayIdOf"/>: about 48 of 256 bits.</summary>
    public const int DisplayBodyLength = 8;

    private static readonly int BodyLength = Base62.WidthFor(SecretBytes);
    private static readonly int ChecksumLength = Base62.WidthFor(sizeof(uint));
    private static readonly int PrefixLength = Prefix(TokenScope.Read).Length;

    /// <summary>The length of every token.</summary>
    public static int Length => PrefixLength + BodyLength + ChecksumLength;

    /// <summary>The text every token of <paramref name="scope"/> starts with, such as <c>slu_adm_</c>.</summary>
    public static string Prefix(TokenScope scope) => scope switch
    {
        TokenScope.Read => "slu_rdo_",
        TokenScope.Trigger => "slu_trg_",
        TokenScope.Admin => "slu_adm_",
        TokenScope.Agent => "slu_agt_",
        TokenScope.AgentCredential => "slu_agc_",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a token scope."),
    };

    /// <summary>The token of <paramref name="scope"/> whose body is <paramref name="secret"/>.</summary>
    public static string Encode(TokenScope scope, ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretBytes)
        {
            throw new ArgumentException($"A token's secret is {SecretBytes} bytes, not {secret.Length}.", nameof(secret));
        }

        var withoutChecksum = Prefix(scope) + Base62.Encode(secret);
        return withoutChecksum + Base62.Encode(Checksum(withoutChecksum));
    }

    /// <summary>
    /// Reads a presented token, refusing anything that is not one (with the reason, fit to show its holder).
    /// Surrounding white space, as a token read from a file or pasted has, is ignored.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ParsedToken? token, [NotNullWhen(false)] out string? problem)
    {
        token = null;
        problem = ProblemOf(text?.Trim(), out var scope);
        if (problem is null)
        {
            token = new ParsedToken(scope, text!.Trim());
        }

        return problem is null;
    }

    /// <summary>The prefix and the first <see cref="DisplayBodyLength"/> characters of the body of a token.</summary>
    public static string DisplayIdOf(string token) => token[..Math.Min(token.Length, PrefixLength + DisplayBodyLength)];

    /// <summary>The random bytes a well-formed token was made from.</summary>
    internal static byte[] SecretOf(ParsedToken token)
    {
        var value = Base62.Decode(token.Text.AsSpan(PrefixLength, BodyLength))!.Value;
        var bytes = new byte[SecretBytes];
        value.TryWriteBytes(bytes.AsSpan(SecretBytes - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static string? ProblemOf(string? text, out TokenScope scope)
    {
        scope = default;
        if (string.IsNullOrEmpty(text))
        {
            return "No token was given.";
        }

        if (!text.StartsWith(Start, StringComparison.Ordinal))
        {
            return $"This is not a Sluice token: Sluice tokens start with '{Start}'.";
        }

        if (!TryScopeOf(text, out scope))
        {
            return $"This is not a Sluice token: '{Printable.Of(text[..Math.Min(text.Length, PrefixLength)])}' is not the start of any kind of token (slu_rdo_, slu_trg_, slu_adm_, slu_agt_, slu_agc_).";
        }

        if (text.Length != Length)
        {
            return $"The token is {text.Length} characters long; Sluice tokens are {Length}. Was it cut off or joined to something when it was copied?";
        }

        if (Base62.Decode(text.AsSpan(PrefixLength, BodyLength)) is not { } body
            || Base62.Decode(text.AsSpan(PrefixLength + BodyLength)) is not { } checksum)
        {
            return "The token has a character other than a letter or a digit after its prefix: it was mistyped or altered. Copy it again.";
        }

        if (checksum != Checksum(text.AsSpan(0, PrefixLength + BodyLength)))
        {
            return "The token's checksum does not match: it was mistyped or altered. Copy it again.";
        }

        // 43 base62 digits reach a little past 2^256; a body above it was made by hand, not from 32 random bytes.
        return body >= BigInteger.One << (SecretBytes * 8)
            ? "This is not a token Sluice issued: its body is larger than 32 bytes can make."
            : null;
    }

    private static bool TryScopeOf(string text, out TokenScope scope)
    {
        foreach (var candidate in Enum.GetValues<TokenScope>())
        {
            if (text.StartsWith(Prefix(candidate), StringComparison.Ordinal))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    private static uint Checksum(ReadOnlySpan<char> text)
    {
        Span<byte> ascii = stackalloc byte[text.Length];
        Encoding.ASCII.GetBytes(text, ascii);
        return Crc32.HashToUInt32(ascii);
    }
}
