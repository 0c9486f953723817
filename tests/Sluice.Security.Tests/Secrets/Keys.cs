using System.Security.Cryptography;
using Sluice.Security.Secrets;

namespace Sluice.Security.Tests.Secrets;

internal static class Keys
{
    public static byte[] New() => RandomNumberGenerator.GetBytes(SecretKeyRing.KeyBytes);

    public static SecretKeyRing Ring(params byte[][] keys) => new(keys, "test keys");

    /// <summary>A key whose id differs from <paramref name="other"/>'s, or shares it when <paramref name="sameId"/>.</summary>
    public static byte[] Another(byte[] other, bool sameId)
    {
        var wanted = SecretKeyRing.IdOf(other);
        while (true)
        {
            var key = New();
            if ((SecretKeyRing.IdOf(key) == wanted) == sameId && !key.SequenceEqual(other))
            {
                return key;
            }
        }
    }
}
