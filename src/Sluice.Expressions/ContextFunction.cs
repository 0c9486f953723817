using System.Globalization;

namespace Sluice.Expressions;

/// <summary>
/// A context-dependent function allowed at one place of a workflow, with the argument counts allowed there, as
/// GitHub's schema lists it in a context list: <c>hashFiles(1,255)</c>, <c>success(0,MAX)</c>.
/// </summary>
public readonly record struct ContextFunction(string Name, int MinArgs, int MaxArgs)
{
    /// <summary>Reads <c>name(min,max)</c>; <c>MAX</c> stands for no upper bound. False for a plain context name.</summary>
    public static bool TryParse(string text, out ContextFunction function)
    {
        ArgumentNullException.ThrowIfNull(text);
        function = default;
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (open <= 0 || comma < open || !text.EndsWith(')') || !IsName(text.AsSpan(0, open)))
        {
            return false;
        }

        var min = text.AsSpan(open + 1, comma - open - 1);
        var max = text.AsSpan(comma + 1, text.Length - comma - 2);
        if (!int.TryParse(min, NumberStyles.None, CultureInfo.InvariantCulture, out var minArgs))
        {
            return false;
        }

        int maxArgs;
        if (max.SequenceEqual("MAX"))
        {
            maxArgs = int.MaxValue;
        }
        else if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxArgs))
        {
            return false;
        }

        function = new ContextFunction(text[..open], minArgs, maxArgs);
        return true;
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
