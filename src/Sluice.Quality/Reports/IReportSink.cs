namespace Sluice.Quality.Reports;

/// <summary>
/// Where a reader sends what it reads, one item at a time, so that a 1 GB report never has to sit in memory.
/// A reader sends each test case once: every entry is a case, except that attempts of one test (as the report shows
/// them: <see cref="TestRetries"/>) arrive folded into one. Coverage of one file may arrive in several pieces.
/// </summary>
public interface IReportSink
{
    void OnTestCase(TestCaseResult testCase);

    void OnCoverageFile(CoverageFile file);

    void OnBenchmark(BenchmarkResult benchmark);
}
