using System.Security.Cryptography;
using System.Text;

namespace Sluice.Triggers.Webhooks;

/// <summary>
/// The hosts' proofs that a delivery comes from them. Every comparison takes the same time whatever the bytes, so that
/// a caller cannot learn a signature byte by byte from response times.
/// </summary>
internal static class Signatures
{
    private const int Sha256Bytes = 32;

    /// <summary>
    /// GitHub (<c>sha256=</c> then hex) and Gitea/Forgejo (hex alone): the HMAC-SHA256 of the signed bytes keyed with the
    /// secret. A value that is not such hex is simply not a match.
    /// </summary>
    public static bool HmacMatches(string signature, string? prefix, ReadOnlySpan<byte> signed, string secret)
    {
        var hex = signature.AsSpan();
        if (prefix is not null)
        {
            if (!hex.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            hex = hex[prefix.Length..];
        }

        Span<byte> given = stackalloc byte[Sha256Bytes];
        if (hex.Length != 2 * Sha256Bytes
            || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != Sha256Bytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Sha256Bytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>
    /// GitLab sends the secret itself. Both sides are hashed first, so the comparison is of equal lengths and does not
    /// end early on a shorter guess, which would tell the secret's length.
    /// </summary>
    public static bool TokenMatches(string token, string secret)
    {
        Span<byte> given = stackalloc byte[Sha256Bytes];
        Span<byte> expected = stackalloc byte[Sha256Bytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), given);
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>A key for the body itself, for hosts that give a redelivery a new id (Gitea, Forgejo) or send none.</summary>
    public static string BodyKey(ReadOnlySpan<byte> signed) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(signed));
}
