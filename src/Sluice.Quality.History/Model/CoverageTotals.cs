using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>Coverage of a whole run: lines covered of coverable lines, branches covered of branches.</summary>
public sealed record CoverageTotals(long LinesCovered, long LinesValid, long BranchesCovered, long BranchesValid)
{
    public static CoverageTotals From(IEnumerable<CoverageFile> files)
    {
        long linesCovered = 0, linesValid = 0, branchesCovered = 0, branchesValid = 0;
        foreach (var line in files.SelectMany(f => f.Lines.Values))
        {
            linesValid++;
            if (line.IsCovered)
            {
                linesCovered++;
            }

            branchesCovered += line.BranchesCovered;
            branchesValid += line.BranchesTotal;
        }

        return new CoverageTotals(linesCovered, linesValid, branchesCovered, branchesValid);
    }
}
