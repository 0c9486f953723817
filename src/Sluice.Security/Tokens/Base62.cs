using System.Numerics;

namespace Sluice.Security.Tokens;

/// <summary>
/// Fixed-width base62 (digits, then upper, then lower case letters): only characters that survive a double-click
/// selection, a URL, a shell and an HTTP header unquoted.
/// </summary>
internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The characters needed for any value of <paramref name="bytes"/> bytes: 43 for 32 bytes, 6 for 4.</summary>
    public static int WidthFor(int bytes) => (int)Math.Ceiling(bytes * 8 / Math.Log2(62));

    public static string Encode(BigInteger value, int width)
    {
        var digits = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var digit);
            digits[i] = Alphabet[(int)digit];
        }

        return new string(digits);
    }

    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Encode(new BigInteger(bytes, isUnsigned: true, isBigEndian: true), WidthFor(bytes.Length));

    public static string Encode(uint value) => Encode(new BigInteger(value), WidthFor(sizeof(uint)));

    /// <summary>The value of base62 <paramref name="text"/>, or null when a character is not a base62 digit.</summary>
    public static BigInteger? Decode(ReadOnlySpan<char> text)
    {
        var value = BigInteger.Zero;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }

            value = value * 62 + digit;
        }

        return value;
    }
}
