using Sluice.Quality.Summary;

namespace Sluice.Quality.Patch;

/// <summary>
/// Coverage of the lines a change adds: the added lines that the report can cover, and how many of them are
/// fully covered. A partial line (a branch not taken) counts as not covered, as Codecov defines it.
/// </summary>
public sealed record PatchCoverage(int CoverableLines, int CoveredLines, IReadOnlyList<PatchFile> Files)
{
    /// <summary>Percentage 0..100; null when the change adds no coverable line.</summary>
    public double? Percent => CoverableLines == 0 ? null : 100.0 * CoveredLines / CoverableLines;

    public static PatchCoverage Compute(IReadOnlyDictionary<string, SortedSet<int>> addedLines, IReadOnlyList<SourceCoverage> coverage, string? repositoryRoot = null)
    {
        var matcher = new CoveragePathMatcher(coverage.Select(c => c.Path), repositoryRoot);
        var byPath = coverage.ToDictionary(c => c.Path, StringComparer.Ordinal);
        var files = new List<PatchFile>();
        int coverable = 0, covered = 0;
        foreach (var (path, lines) in addedLines.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (matcher.Match(path) is not { } reportPath)
            {
                continue;
            }

            var file = byPath[reportPath];
            var missed = new List<int>();
            var coveredLines = new List<int>();
            foreach (var line in lines)
            {
                if (!file.TryGetLine(line, out var hit))
                {
                    continue;
                }

                if (hit.IsFullyCovered)
                {
                    coveredLines.Add(line);
                }
                else
                {
                    missed.Add(line);
                }
            }

            if (coveredLines.Count + missed.Count > 0)
            {
                files.Add(new PatchFile(path, coveredLines.Count + missed.Count, coveredLines.Count, missed, coveredLines));
                coverable += coveredLines.Count + missed.Count;
                covered += coveredLines.Count;
            }
        }

        return new PatchCoverage(coverable, covered, files);
    }
}

/// <summary>
/// One changed file's share of the patch, with the added lines left uncovered (to point a reviewer at them) and those
/// covered (<see cref="CoveredLineNumbers"/>), each in ascending order.
/// </summary>
public sealed record PatchFile(string Path, int CoverableLines, int CoveredLines, IReadOnlyList<int> MissedLines, IReadOnlyList<int> CoveredLineNumbers);
