using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Engine.Planning;

/// <summary>
/// GitHub's branch, tag and path filter patterns: <c>*</c> (anything but <c>/</c>), <c>**</c> (anything),
/// <c>?</c> and <c>+</c> (zero-or-one and one-or-more of the preceding character), <c>[abc]</c> and <c>[a-z]</c>
/// (one listed character), and in lists a leading <c>!</c> that negates. Matching is case-sensitive.
/// </summary>
public static class FilterPattern
{
    // Workflows repeat the same few patterns for every event; compiling each once keeps matching cheap. A long-lived server
    // sees patterns from every repository, so the cache is emptied rather than allowed to grow without bound.
    private const int MaxCachedPatterns = 4096;

    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="value"/> matches the whole of one pattern; a leading <c>!</c> is an ordinary character here.</summary>
    public static bool IsMatch(string pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        if (Cache.Count > MaxCachedPatterns)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(pattern, Compile).IsMatch(value);
    }

    /// <summary>
    /// True when the last pattern of the list that matches <paramref name="value"/> is a positive one: a <c>!</c> pattern
    /// takes out what earlier patterns let in, and a later positive pattern lets it in again.
    /// </summary>
    public static bool Matches(IReadOnlyList<string> patterns, string value)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var included = false;
        foreach (var pattern in patterns)
        {
            var negated = pattern.StartsWith('!');
            if (IsMatch(negated ? pattern[1..] : pattern, value))
            {
                included = !negated;
            }
        }

        return included;
    }

    internal static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        var previousIsAtom = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when At(pattern, i + 1, '*'):
                    i++;
                    if (At(pattern, i + 1, '/'))
                    {
                        // "**/" may match no directory at all: docs/**/*.md matches docs/README.md.
                        regex.Append("(?:.*/)?");
                        i++;
                    }
                    else
                    {
                        regex.Append(".*");
                    }

                    previousIsAtom = false;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    previousIsAtom = false;
                    break;
                case '?' or '+' when previousIsAtom:
                    regex.Append(c);
                    previousIsAtom = false;
                    break;
                case '[' when TryReadClass(pattern, i, out var characterClass, out var end):
                    regex.Append(characterClass);
                    i = end;
                    previousIsAtom = true;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    previousIsAtom = true;
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    private static Regex Compile(string pattern) =>
        new(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static bool At(string pattern, int index, char c) => index < pattern.Length && pattern[index] == c;

    /// <summary>Reads <c>[...]</c> starting at <paramref name="start"/>; an unclosed or empty bracket is a literal <c>[</c>.</summary>
    private static bool TryReadClass(string pattern, int start, out string characterClass, out int end)
    {
        end = pattern.IndexOf(']', start + 1);
        if (end <= start + 1)
        {
            characterClass = string.Empty;
            return false;
        }

        var members = new StringBuilder("[");
        for (var i = start + 1; i < end; i++)
        {
            var c = pattern[i];
            if (i + 2 < end && pattern[i + 1] == '-' && IsRange(c, pattern[i + 2]))
            {
                members.Append(c).Append('-').Append(pattern[i + 2]);
                i += 2;
            }
            else
            {
                members.Append(c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());
            }
        }

        characterClass = members.Append(']').ToString();
        return true;
    }

    // GitHub allows ranges only within a-z, A-Z or 0-9.
    private static bool IsRange(char from, char to) => from <= to &&
        ((char.IsAsciiLetterLower(from) && char.IsAsciiLetterLower(to)) ||
         (char.IsAsciiLetterUpper(from) && char.IsAsciiLetterUpper(to)) ||
         (char.IsAsciiDigit(from) && char.IsAsciiDigit(to)));
}
