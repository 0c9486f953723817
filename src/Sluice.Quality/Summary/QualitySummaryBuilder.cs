using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>
/// The sink a command reads its reports into: test counts, merged coverage and benchmarks (the last of a name
/// wins). Each test case is also handed to <paramref name="onTestCase"/> (history, a JSON stream) and then dropped.
/// </summary>
public sealed class QualitySummaryBuilder(Action<TestCaseResult>? onTestCase = null) : IReportSink
{
    private readonly TestSummary _tests = new();
    private readonly CoverageSet _coverage = new();
    private readonly Dictionary<string, BenchmarkResult> _benchmarks = new(StringComparer.Ordinal);

    public void OnTestCase(TestCaseResult testCase)
    {
        _tests.Add(testCase);
        onTestCase?.Invoke(testCase);
    }

    public void OnCoverageFile(CoverageFile file) => _coverage.Add(file);

    public void OnBenchmark(BenchmarkResult benchmark) => _benchmarks[benchmark.Name] = benchmark;

    /// <summary>The summary of what was read; <c>tests</c> or <c>coverage</c> is null when none of <paramref name="files"/> is of that kind.</summary>
    public QualitySummary Build(IReadOnlyList<ReportFileInfo> files) => new()
    {
        Files = files,
        Tests = files.Any(f => f.Format is { } format && QualitySummary.IsTestFormat(format)) ? _tests : null,
        Coverage = files.Any(f => f.Format is { } format && QualitySummary.IsCoverageFormat(format)) ? CoverageSummary.From(_coverage.Files) : null,
        Benchmarks = [.. _benchmarks.Values],
    };
}
