namespace Sluice.Quality.Reports;

/// <summary>
/// Where a reader sends what it reads, one item at a time, so that a 1 GB report never has to sit in memory.
/// A reader reports a test case as each entry appears; merging repeated entries is the sink's business.
/// </summary>
public interface IReportSink
{
    void OnTestCase(TestCaseResult testCase);

    void OnCoverageFile(CoverageFile file);

    void OnBenchmark(BenchmarkResult benchmark);
}
