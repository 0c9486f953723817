using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>Keeps what readers send: test cases as they come, coverage merged per file path, benchmarks by name (the last wins).</summary>
public sealed class CollectingSink : IReportSink
{
    private readonly List<TestCaseResult> _tests = [];
    private readonly Dictionary<string, CoverageFile> _coverage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BenchmarkResult> _benchmarks = new(StringComparer.Ordinal);

    public IReadOnlyList<TestCaseResult> Tests => _tests;

    public IReadOnlyList<CoverageFile> Coverage => [.. _coverage.Values];

    public IReadOnlyList<BenchmarkResult> Benchmarks => [.. _benchmarks.Values];

    public void OnTestCase(TestCaseResult testCase) => _tests.Add(testCase);

    public void OnCoverageFile(CoverageFile file)
    {
        if (!_coverage.TryGetValue(file.Path, out var existing))
        {
            _coverage[file.Path] = file;
            return;
        }

        foreach (var (line, coverage) in file.Lines)
        {
            existing.Add(line, coverage);
        }
    }

    public void OnBenchmark(BenchmarkResult benchmark) => _benchmarks[benchmark.Name] = benchmark;
}
