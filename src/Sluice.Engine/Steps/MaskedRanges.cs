using System.Collections.Immutable;
using System.Text;

namespace Sluice.Engine.Steps;

/// <summary>Finds every occurrence of every value in a text, merges overlapping ones and replaces each run.</summary>
internal static class MaskedRanges
{
    public static List<(int Start, int End)> Find(string text, ImmutableArray<string> values)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var value in values)
        {
            for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = NextFrom(text, value, at + 1))
            {
                ranges.Add((at, at + value.Length));
            }
        }

        if (ranges.Count < 2)
        {
            return ranges;
        }

        ranges.Sort();
        var merged = new List<(int Start, int End)> { ranges[0] };
        foreach (var range in ranges.Skip(1))
        {
            var last = merged[^1];
            if (range.Start <= last.End)
            {
                merged[^1] = (last.Start, Math.Max(last.End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    public static string Replace(string text, List<(int Start, int End)> ranges, string mask)
    {
        var result = new StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, end) in ranges)
        {
            result.Append(text, position, start - position).Append(mask);
            position = end;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    private static int NextFrom(string text, string value, int from) =>
        from > text.Length - value.Length ? -1 : text.IndexOf(value, from, StringComparison.Ordinal);
}
