using System.Security.Cryptography;

namespace Sluice.Security.Tokens;

/// <summary>Makes new tokens from the operating system's cryptographic random source.</summary>
public static class TokenIssuer
{
    public static IssuedToken Issue(TokenScope scope)
    {
        Span<byte> secret = stackalloc byte[TokenFormat.SecretBytes];
        RandomNumberGenerator.Fill(secret);
        try
        {
            return Issue(scope, secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The token made from given bytes: for tests, which need to know them.</summary>
    internal static IssuedToken Issue(TokenScope scope, ReadOnlySpan<byte> secret) =>
        new(scope, TokenFormat.Encode(scope, secret));
}
