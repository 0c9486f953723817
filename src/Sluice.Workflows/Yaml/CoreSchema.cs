using System.Globalization;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Yaml;

/// <summary>Types plain YAML scalars by the YAML 1.2 core schema, as GitHub does (so <c>12_345</c> stays a string).</summary>
internal static class CoreSchema
{
    public const string NullTag = "tag:yaml.org,2002:null";
    public const string BoolTag = "tag:yaml.org,2002:bool";
    public const string IntTag = "tag:yaml.org,2002:int";
    public const string FloatTag = "tag:yaml.org,2002:float";
    public const string StrTag = "tag:yaml.org,2002:str";

    public static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryInt(string text, out double value)
    {
        value = 0;
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
        {
            var digits = text.AsSpan(2);
            var radix = text[1] == 'x' ? 16 : 8;
            double result = 0;
            foreach (var c in digits)
            {
                var digit = HexDigit(c);
                if (digit < 0 || digit >= radix)
                {
                    return false;
                }

                result = (result * radix) + digit;
            }

            value = result;
            return true;
        }

        var start = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        value = double.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return true;
    }

    public static bool TryFloat(string text, out double value)
    {
        value = 0;
        var span = text.AsSpan();
        var sign = 1.0;
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            sign = span[0] == '-' ? -1 : 1;
            span = span[1..];
        }

        if (span is ".inf" or ".Inf" or ".INF")
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (text is ".nan" or ".NaN" or ".NAN")
        {
            value = double.NaN;
            return true;
        }

        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = 0;
        var intDigits = CountDigits(span, ref i);
        var fracDigits = 0;
        if (i < span.Length && span[i] == '.')
        {
            i++;
            fracDigits = CountDigits(span, ref i);
            if (intDigits == 0 && fracDigits == 0)
            {
                return false;
            }
        }
        else if (intDigits == 0)
        {
            return false;
        }

        if (i < span.Length && (span[i] == 'e' || span[i] == 'E'))
        {
            i++;
            if (i < span.Length && (span[i] == '-' || span[i] == '+'))
            {
                i++;
            }

            if (CountDigits(span, ref i) == 0)
            {
                return false;
            }
        }

        if (i != span.Length)
        {
            return false;
        }

        value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Types a plain scalar with no tag.</summary>
    public static LiteralToken ResolvePlain(int line, int column, string text)
    {
        if (IsNull(text))
        {
            return new NullToken(line, column);
        }

        if (TryBool(text, out var b))
        {
            return new BooleanToken(line, column, b);
        }

        if (TryInt(text, out var n) || TryFloat(text, out n))
        {
            return new NumberToken(line, column, n);
        }

        return new StringToken(line, column, text);
    }

    private static int CountDigits(ReadOnlySpan<char> span, ref int i)
    {
        var start = i;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
        }

        return i - start;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
