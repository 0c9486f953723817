using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Summary;

/// <summary>
/// The first of two passes over coverage reports: how many times each source file (by canonical path) is sent, so
/// that the second pass can write a file sent once as it comes and hold only the files that must be merged.
/// </summary>
public sealed class CoveragePathCounter : IReportSink
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The canonical paths sent more than once.</summary>
    public IReadOnlySet<string> Repeated => _counts.Where(c => c.Value > 1).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    public void OnCoverageFile(CoverageFile file)
    {
        var path = CoveragePaths.Normalize(file.Path);
        _counts[path] = _counts.GetValueOrDefault(path) + 1;
    }

    public void OnTestCase(TestCaseResult testCase)
    {
    }

    public void OnBenchmark(BenchmarkResult benchmark)
    {
    }
}
