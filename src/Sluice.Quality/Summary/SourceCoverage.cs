using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Summary;

/// <summary>
/// The merged coverage of one source file, kept compact for the length of a command: parallel arrays sorted by
/// line (12 bytes a line, 8 more in files with branches) instead of a tree node per line, so that the coverable
/// lines of a monorepo fit in tens of megabytes.
/// </summary>
public sealed class SourceCoverage
{
    private int[] _lines;
    private long[] _hits;
    private int[]? _branchesCovered;
    private int[]? _branchesTotal;

    private SourceCoverage(string path, int[] lines, long[] hits, int[]? branchesCovered, int[]? branchesTotal)
    {
        Path = path;
        _lines = lines;
        _hits = hits;
        _branchesCovered = branchesCovered;
        _branchesTotal = branchesTotal;
    }

    public string Path { get; }

    /// <summary>How many coverable lines the file has.</summary>
    public int LineCount => _lines.Length;

    /// <summary>The lines in order, with their coverage.</summary>
    public IEnumerable<(int Line, LineCoverage Coverage)> Lines
    {
        get
        {
            for (var i = 0; i < _lines.Length; i++)
            {
                yield return (_lines[i], At(i));
            }
        }
    }

    public static SourceCoverage From(string path, CoverageFile file) =>
        Build(path, file.Lines.Select(l => (l.Key, l.Value)), file.Lines.Count);

    public bool TryGetLine(int line, out LineCoverage coverage)
    {
        var index = Array.BinarySearch(_lines, line);
        coverage = index >= 0 ? At(index) : default;
        return index >= 0;
    }

    /// <summary>Adds another report's lines of this file: hits add up (stopping at the largest count), branch counts take the larger.</summary>
    public void Merge(CoverageFile other)
    {
        var merged = Build(Path, MergedLines(other), _lines.Length + other.Lines.Count);
        (_lines, _hits, _branchesCovered, _branchesTotal) = (merged._lines, merged._hits, merged._branchesCovered, merged._branchesTotal);
    }

    private IEnumerable<(int Line, LineCoverage Coverage)> MergedLines(CoverageFile other)
    {
        using var theirs = other.Lines.GetEnumerator();
        var hasTheirs = theirs.MoveNext();
        var i = 0;
        while (i < _lines.Length || hasTheirs)
        {
            if (hasTheirs && (i == _lines.Length || theirs.Current.Key < _lines[i]))
            {
                yield return (theirs.Current.Key, theirs.Current.Value);
                hasTheirs = theirs.MoveNext();
            }
            else if (!hasTheirs || _lines[i] < theirs.Current.Key)
            {
                yield return (_lines[i], At(i));
                i++;
            }
            else
            {
                var (mine, added) = (At(i), theirs.Current.Value);
                yield return (_lines[i], new LineCoverage(
                    SaturatingCoverage.Sum(mine.Hits, added.Hits),
                    Math.Max(mine.BranchesCovered, added.BranchesCovered),
                    Math.Max(mine.BranchesTotal, added.BranchesTotal)));
                i++;
                hasTheirs = theirs.MoveNext();
            }
        }
    }

    /// <summary>Lines in ascending order into arrays of at most <paramref name="capacity"/>; branch arrays only when a line has branches.</summary>
    private static SourceCoverage Build(string path, IEnumerable<(int Line, LineCoverage Coverage)> lines, int capacity)
    {
        var numbers = new int[capacity];
        var hits = new long[capacity];
        int[]? covered = null, total = null;
        var count = 0;
        foreach (var (line, coverage) in lines)
        {
            numbers[count] = line;
            hits[count] = coverage.Hits;
            if (coverage.BranchesTotal > 0 || coverage.BranchesCovered > 0)
            {
                covered ??= new int[capacity];
                total ??= new int[capacity];
                covered[count] = coverage.BranchesCovered;
                total[count] = coverage.BranchesTotal;
            }

            count++;
        }

        return count == capacity
            ? new SourceCoverage(path, numbers, hits, covered, total)
            : new SourceCoverage(path, numbers[..count], hits[..count], covered?[..count], total?[..count]);
    }

    private LineCoverage At(int index) =>
        new(_hits[index], _branchesCovered?[index] ?? 0, _branchesTotal?[index] ?? 0);
}
