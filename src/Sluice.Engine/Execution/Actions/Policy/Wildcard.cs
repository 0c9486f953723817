namespace Sluice.Engine.Execution.Actions.Policy;

/// <summary><c>*</c> matches any run of characters (slashes too); every other character matches itself.</summary>
internal static class Wildcard
{
    /// <summary>Greedy matching with one backtrack point: a pattern with many stars costs at worst the product of the lengths, never exponential time.</summary>
    public static bool Matches(string pattern, string text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && Same(pattern[p], text[t], ignoreCase))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
