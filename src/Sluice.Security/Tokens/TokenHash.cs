using System.Security.Cryptography;
using System.Text;

namespace Sluice.Security.Tokens;

/// <summary>
/// The stored form of a token: its SHA-256. A token carries 256 random bits, so nobody can search for the text behind
/// a hash, and a slow password hash (bcrypt, Argon2), which exists to protect guessable human passwords, would only
/// add tens of milliseconds to every API call and agent poll without making anything safer.
/// </summary>
public static class TokenHash
{
    /// <summary>The length in bytes of a stored hash.</summary>
    public const int Length = 32;

    public static byte[] Of(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// Whether <paramref name="token"/> is the one stored as <paramref name="storedHash"/>, in time that does not
    /// depend on where the two differ.
    /// </summary>
    public static bool Matches(ParsedToken token, ReadOnlySpan<byte> storedHash) =>
        CryptographicOperations.FixedTimeEquals(Of(token.Text), storedHash);
}
