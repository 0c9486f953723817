namespace Sluice.Quality.Reports;

/// <summary>Coverage of one line: hits, and branches covered of branches there (0 of 0 when the line has none).</summary>
public readonly record struct LineCoverage(long Hits, int BranchesCovered = 0, int BranchesTotal = 0)
{
    public bool IsCovered => Hits > 0;

    /// <summary>Covered, with every branch taken; a line with a branch not taken is "partial" (Codecov counts it as not covered).</summary>
    public bool IsFullyCovered => Hits > 0 && BranchesCovered >= BranchesTotal;
}

/// <summary>
/// The coverable lines of one source file. The path is the file the report means (for Cobertura, its filename
/// resolved against the report's sources), in <see cref="Coverage.CoveragePaths"/>' canonical spelling once it has
/// been merged; matching to the repository happens later.
/// </summary>
public sealed class CoverageFile(string path)
{
    private CoverageFile(string path, SortedDictionary<int, LineCoverage> lines)
        : this(path) => Lines = lines;

    public string Path { get; } = path;

    /// <summary>Coverable lines by 1-based line number.</summary>
    public SortedDictionary<int, LineCoverage> Lines { get; } = [];

    /// <summary>Adds a line; when a report lists a line twice (several classes in one file), hits add up and the branch counts take the larger.</summary>
    public void Add(int line, LineCoverage coverage)
    {
        Lines[line] = Lines.TryGetValue(line, out var existing)
            ? new LineCoverage(SaturatingAdd(existing.Hits, coverage.Hits), Math.Max(existing.BranchesCovered, coverage.BranchesCovered), Math.Max(existing.BranchesTotal, coverage.BranchesTotal))
            : coverage;
    }

    /// <summary>Adds every line of <paramref name="other"/>, as <see cref="Add"/> does: a line is covered when either file covers it.</summary>
    public void AddAll(CoverageFile other)
    {
        foreach (var (line, coverage) in other.Lines)
        {
            Add(line, coverage);
        }
    }

    /// <summary>The same lines (shared, not copied) under another path.</summary>
    internal CoverageFile WithPath(string path) => new(path, Lines);

    /// <summary>Hit counts near <see cref="long.MaxValue"/> occur in generated reports; they stop there instead of wrapping negative.</summary>
    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
