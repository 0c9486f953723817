using System.Security.Cryptography;
using System.Text;

namespace Sluice.Server.Access;

/// <summary>
/// API tokens: 32 random bytes behind a prefix that names their kind. Only a SHA-256 hash is stored; a fast hash is
/// right for high-entropy secrets like these (nothing to guess), and it lets a token be found by its hash.
/// </summary>
public static class Tokens
{
    public static string New(string kind) => $"slu_{kind}_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>What is shown of a token: its kind and first characters.</summary>
    public static string Prefix(string token) => token.Length > 16 ? token[..16] : token;
}
