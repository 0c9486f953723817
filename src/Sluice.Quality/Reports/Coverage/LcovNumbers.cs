using System.Buffers.Text;

namespace Sluice.Quality.Reports.Coverage;

internal static class LcovNumbers
{
    /// <summary>A line number: a positive 32-bit integer, nothing else on it.</summary>
    public static bool TryParseLine(ReadOnlySpan<byte> text, out int line) =>
        Utf8Parser.TryParse(text, out line, out var consumed) && consumed == text.Length && line >= 0;

    /// <summary>
    /// An execution count. gcov's 64-bit counters can outgrow a long and old llvm-cov wrote -1 for "unknown";
    /// the first clamps to <see cref="long.MaxValue"/>, the second reads as zero. Anything but digits is an error.
    /// </summary>
    public static bool TryParseCount(ReadOnlySpan<byte> text, out long count)
    {
        if (Utf8Parser.TryParse(text, out count, out var consumed) && consumed == text.Length)
        {
            count = Math.Max(count, 0);
            return true;
        }

        if (text.Length > 0 && AllDigits(text))
        {
            count = long.MaxValue;
            return true;
        }

        return false;
    }

    private static bool AllDigits(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }
}
