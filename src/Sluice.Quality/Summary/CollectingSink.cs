using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Summary;

/// <summary>
/// Keeps what readers send: test cases as they come, benchmarks by name (the last wins), and coverage merged per
/// file: one file is one canonical path (<see cref="CoveragePaths.Normalize"/>) however many reports list it, and
/// its line is covered when any report covers it.
/// </summary>
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
        var path = CoveragePaths.Normalize(file.Path);
        if (_coverage.TryGetValue(path, out var existing))
        {
            existing.AddAll(file);
        }
        else
        {
            _coverage[path] = path == file.Path ? file : file.WithPath(path);
        }
    }

    public void OnBenchmark(BenchmarkResult benchmark) => _benchmarks[benchmark.Name] = benchmark;
}
