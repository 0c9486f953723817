using Sluice.Quality.Reports;

namespace Sluice.Benchmarks.Reports;

/// <summary>
/// Counts what a reader reports, the same things bench/reports/measure.mjs counts on the npm side, so the work is
/// used and both sides can be checked against each other.
/// </summary>
internal sealed class CountingSink : IReportSink
{
    public long TestCases { get; private set; }

    public long Failures { get; private set; }

    public long MessageChars { get; private set; }

    public long Files { get; private set; }

    public long Lines { get; private set; }

    public long CoveredLines { get; private set; }

    public long Branches { get; private set; }

    public long Benchmarks { get; private set; }

    public void OnTestCase(TestCaseResult testCase)
    {
        TestCases++;
        if (testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored)
        {
            Failures++;
        }

        MessageChars += testCase.Message?.Length ?? 0;
    }

    public void OnCoverageFile(CoverageFile file)
    {
        Files++;
        Lines += file.Lines.Count;
        foreach (var line in file.Lines.Values)
        {
            if (line.IsCovered)
            {
                CoveredLines++;
            }

            Branches += line.BranchesTotal;
        }
    }

    public void OnBenchmark(BenchmarkResult benchmark) => Benchmarks++;
}
