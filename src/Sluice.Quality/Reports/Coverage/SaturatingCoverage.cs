namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// <see cref="CoverageFile.Add"/> with hits that stop at <see cref="long.MaxValue"/> instead of wrapping negative,
/// for reports whose counters are already clamped and list one line more than once.
/// </summary>
internal static class SaturatingCoverage
{
    public static void Add(CoverageFile file, int line, LineCoverage coverage)
    {
        if (file.Lines.TryGetValue(line, out var known))
        {
            file.Lines[line] = new LineCoverage(
                Sum(known.Hits, coverage.Hits),
                Math.Max(known.BranchesCovered, coverage.BranchesCovered),
                Math.Max(known.BranchesTotal, coverage.BranchesTotal));
        }
        else
        {
            file.Lines.Add(line, coverage);
        }
    }

    /// <summary>The sum of two counts that are not negative, at most <see cref="long.MaxValue"/>.</summary>
    public static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
