using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>Coverable and covered lines, and branches, added up line by line.</summary>
public sealed class CoverageCounter
{
    public long LinesCovered { get; private set; }

    public long LinesValid { get; private set; }

    public long BranchesCovered { get; private set; }

    public long BranchesValid { get; private set; }

    /// <summary>Covered lines over coverable lines, 0..1; null when there is nothing coverable.</summary>
    public double? LineRate => LinesValid == 0 ? null : (double)LinesCovered / LinesValid;

    public double? BranchRate => BranchesValid == 0 ? null : (double)BranchesCovered / BranchesValid;

    public void Add(LineCoverage line)
    {
        LinesValid++;
        LinesCovered += line.IsCovered ? 1 : 0;
        BranchesCovered += line.BranchesCovered;
        BranchesValid += line.BranchesTotal;
    }
}
