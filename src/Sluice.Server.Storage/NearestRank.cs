namespace Sluice.Server.Storage;

/// <summary>
/// Percentiles by nearest rank: the smallest value with at least p% of the values at or below it, so every answer is a
/// value that was measured. Ranks are computed in integers, so the answer is exact.
/// </summary>
public static class NearestRank
{
    /// <summary>The <paramref name="percent"/>th percentile (1..100) of <paramref name="sorted"/>, ascending; null when it is empty.</summary>
    public static double? Of(IReadOnlyList<double> sorted, int percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (sorted.Count == 0)
        {
            return null;
        }

        // rank = ceil(percent / 100 * n), in integers
        var rank = ((percent * sorted.Count) + 99) / 100;
        return sorted[rank - 1];
    }
}
