using System.Text;

namespace Sluice.Expressions;

/// <summary>format('{0} and {1}', a, b) with '{{' and '}}' as escapes, following GitHub's rules and error messages.</summary>
internal static class FormatFunction
{
    public static ExpressionValue Evaluate(EvaluationState state, Node[] args)
    {
        var format = args[0].Evaluate(state).ToDisplayString();
        if (args.Length == 1 && format.IndexOfAny(['{', '}']) < 0)
        {
            return state.Charge(format);
        }

        var values = new ExpressionValue[args.Length - 1];
        for (var i = 1; i < args.Length; i++)
        {
            values[i - 1] = args[i].Evaluate(state);
        }

        var strings = new string?[values.Length];
        var limit = state.MaxStringLength;
        var builder = new StringBuilder(Math.Min(format.Length + 16, limit + 1));
        var index = 0;
        while (index < format.Length)
        {
            var open = format.IndexOf('{', index);
            var close = format.IndexOf('}', index);
            if (open >= 0 && (close < 0 || open < close))
            {
                if (open + 1 < format.Length && format[open + 1] == '{')
                {
                    builder.Append(format, index, open + 1 - index);
                    index = open + 2;
                }
                else
                {
                    if (close < 0 || !TryReadArgumentIndex(format.AsSpan(open + 1, close - open - 1), out var argument))
                    {
                        throw Invalid(format);
                    }

                    if (argument >= values.Length)
                    {
                        throw ExpressionException.Evaluation(
                            "The following format string references more arguments than were supplied: " + format);
                    }

                    builder.Append(format, index, open - index);
                    builder.Append(strings[argument] ??= values[argument].ToDisplayString());
                    index = close + 1;
                }
            }
            else if (close >= 0)
            {
                if (close + 1 >= format.Length || format[close + 1] != '}')
                {
                    throw Invalid(format);
                }

                builder.Append(format, index, close + 1 - index);
                index = close + 2;
            }
            else
            {
                builder.Append(format, index, format.Length - index);
                index = format.Length;
            }

            if (builder.Length > limit)
            {
                throw ExpressionException.Evaluation(EvaluationState.MemoryExceededMessage);
            }
        }

        return state.Charge(builder.ToString());
    }

    private static ExpressionException Invalid(string format) =>
        ExpressionException.Evaluation("The following format string is invalid: " + format);

    private static bool TryReadArgumentIndex(ReadOnlySpan<char> digits, out int argument)
    {
        argument = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        long value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            // Saturate: an index this large can never name a supplied argument.
            value = Math.Min((value * 10) + (c - '0'), int.MaxValue);
        }

        argument = (int)value;
        return true;
    }
}
