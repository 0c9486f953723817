using System.Globalization;

namespace Sluice.Expressions;

/// <summary>Number text conversions with GitHub's rules (15 significant digits, hex 0x and octal 0o forms).</summary>
internal static class NumberFormatting
{
    private const NumberStyles LiteralStyles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private const double MaxSafeInteger = 9007199254740992d;

    public static string ToDisplayString(double value)
    {
        if (value == 0d)
        {
            // Negative zero prints as "0", as GitHub does.
            return "0";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("G15", CultureInfo.InvariantCulture);
    }

    /// <summary>Numbers inside toJSON output and <see cref="ExpressionValue.WriteJson"/>: integral values without a fraction.</summary>
    public static string ToJsonString(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        if (value == Math.Floor(value) && Math.Abs(value) <= MaxSafeInteger)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a number token of an expression: decimal with optional sign and exponent, 0x hex, 0o octal.</summary>
    public static bool TryParseLiteral(ReadOnlySpan<char> text, out double value)
    {
        if (text.Length > 2 && text[0] == '0')
        {
            if (text[1] == 'x')
            {
                return TryParseRadix(text[2..], 16, out value);
            }

            if (text[1] == 'o')
            {
                return TryParseRadix(text[2..], 8, out value);
            }
        }

        return double.TryParse(text, LiteralStyles, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>String to number as loose comparisons do it: trimmed, empty is 0, unparsable is NaN.</summary>
    public static double ParseCoercedNumber(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return 0d;
        }

        return TryParseLiteral(span, out var value) ? value : double.NaN;
    }

    private static bool TryParseRadix(ReadOnlySpan<char> digits, int radix, out double value)
    {
        value = 0d;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                return false;
            }

            if (digit >= radix)
            {
                return false;
            }

            value = (value * radix) + digit;
        }

        return true;
    }
}
