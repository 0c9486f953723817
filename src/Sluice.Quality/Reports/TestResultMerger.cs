namespace Sluice.Quality.Reports;

/// <summary>
/// A sink that merges repeated results of one test (same <see cref="TestCaseResult.Id"/>) across entries and files:
/// a test that both passed and failed is <see cref="TestOutcome.Flaky"/>; attempts and durations add up; the last
/// failure's message is kept. Memory grows with the number of distinct tests, not with the number of entries.
/// Coverage and benchmarks pass through to the next sink, if there is one.
/// </summary>
public sealed class TestResultMerger(IReportSink? next = null) : IReportSink
{
    private readonly List<TestCaseResult> _results = [];
    private readonly Dictionary<string, int> _indexById = new(StringComparer.Ordinal);

    /// <summary>The merged results, in the order each test was first seen.</summary>
    public IReadOnlyList<TestCaseResult> Results => _results;

    /// <summary>Merges a sequence of results in one call.</summary>
    public static IReadOnlyList<TestCaseResult> Merge(IEnumerable<TestCaseResult> results)
    {
        var merger = new TestResultMerger();
        foreach (var result in results)
        {
            merger.OnTestCase(result);
        }

        return merger.Results;
    }

    public void OnTestCase(TestCaseResult testCase)
    {
        var id = testCase.Id;
        if (_indexById.TryGetValue(id, out var index))
        {
            _results[index] = Combine(_results[index], testCase);
        }
        else
        {
            _indexById[id] = _results.Count;
            _results.Add(testCase);
        }
    }

    public void OnCoverageFile(CoverageFile file) => next?.OnCoverageFile(file);

    public void OnBenchmark(BenchmarkResult benchmark) => next?.OnBenchmark(benchmark);

    internal static TestCaseResult Combine(TestCaseResult merged, TestCaseResult next)
    {
        var passed = PassedOnce(merged.Outcome) || PassedOnce(next.Outcome);
        var failed = FailedOnce(merged.Outcome) || FailedOnce(next.Outcome);
        var outcome = (passed, failed) switch
        {
            (true, true) => TestOutcome.Flaky,
            (false, true) => IsFailure(next.Outcome) ? next.Outcome : merged.Outcome,
            (true, false) => TestOutcome.Passed,
            _ => TestOutcome.Skipped,
        };

        // The last failure's message; without a failure, the last message there is (a skip reason, say).
        var message = IsFailure(next.Outcome) || next.Outcome == TestOutcome.Flaky
            ? next.Message ?? merged.Message
            : FailedOnce(merged.Outcome) ? merged.Message ?? next.Message : next.Message ?? merged.Message;

        return merged with
        {
            Outcome = outcome,
            DurationSeconds = merged.DurationSeconds + next.DurationSeconds,
            Message = message,
            // The first location any entry gave, file and line together.
            File = merged.File is null && merged.Line is null ? next.File : merged.File,
            Line = merged.File is null && merged.Line is null ? next.Line : merged.Line,
            Attempts = merged.Attempts + next.Attempts,
        };
    }

    private static bool IsFailure(TestOutcome outcome) => outcome is TestOutcome.Failed or TestOutcome.Errored;

    private static bool PassedOnce(TestOutcome outcome) => outcome is TestOutcome.Passed or TestOutcome.Flaky;

    private static bool FailedOnce(TestOutcome outcome) => outcome is TestOutcome.Failed or TestOutcome.Errored or TestOutcome.Flaky;
}
