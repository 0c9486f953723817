using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>What a set of reports says, normalized: test counts recomputed from the cases, coverage totals, benchmarks.</summary>
public sealed class QualitySummary
{
    public required IReadOnlyList<ReportFileInfo> Files { get; init; }

    /// <summary>Null when no test report was given.</summary>
    public required TestSummary? Tests { get; init; }

    /// <summary>Null when no coverage report was given.</summary>
    public required CoverageSummary? Coverage { get; init; }

    public required IReadOnlyList<BenchmarkResult> Benchmarks { get; init; }

    public static bool IsTestFormat(ReportFormat format) => format is ReportFormat.JUnit or ReportFormat.Trx or ReportFormat.NUnit2 or ReportFormat.NUnit3 or ReportFormat.XUnit2;

    public static bool IsCoverageFormat(ReportFormat format) => format is ReportFormat.Cobertura or ReportFormat.Lcov or ReportFormat.JaCoCo or ReportFormat.OpenCover;
}

/// <summary>One input file: its detected format, or the error that kept it from being read.</summary>
public sealed record ReportFileInfo(string File, ReportFormat? Format, string? Error = null);

public sealed record CoverageSummary(long LinesCovered, long LinesValid, long BranchesCovered, long BranchesValid, IReadOnlyList<SourceCoverage> Files)
{
    /// <summary>Covered lines over coverable lines, 0..1; null when there is nothing coverable.</summary>
    public double? LineRate => LinesValid == 0 ? null : (double)LinesCovered / LinesValid;

    public double? BranchRate => BranchesValid == 0 ? null : (double)BranchesCovered / BranchesValid;

    public static CoverageSummary From(IReadOnlyList<SourceCoverage> files)
    {
        var counter = new CoverageCounter();
        foreach (var (_, line) in files.SelectMany(f => f.Lines))
        {
            counter.Add(line);
        }

        return new CoverageSummary(counter.LinesCovered, counter.LinesValid, counter.BranchesCovered, counter.BranchesValid, files);
    }
}
