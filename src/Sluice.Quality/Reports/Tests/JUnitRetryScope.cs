namespace Sluice.Quality.Reports;

/// <summary>
/// A JUnit suite whose repeated entries (same class and name) are attempts of one test: its cases are held until
/// the suite ends, then sent once each, attempts folded by <see cref="TestRetries.Combine"/>. Memory grows with
/// the suite, which is why only suites known to hold retries are read this way.
/// </summary>
internal sealed class JUnitRetryScope(bool earlierAttemptsFailed)
{
    private readonly List<TestCaseResult> _cases = [];
    private readonly Dictionary<(string ClassName, string Name), int> _indexByTest = [];

    /// <summary>
    /// A scope for pytest's suite (pytest-rerunfailures writes each attempt as an entry, the re-run ones empty, and
    /// re-runs only a failure), for any suite when <paramref name="options"/> say repeats are retries, else null.
    /// </summary>
    public static JUnitRetryScope? For(string suiteName, ReportReadOptions options) =>
        suiteName == "pytest" ? new JUnitRetryScope(earlierAttemptsFailed: true)
        : options.RepeatedCasesAreRetries ? new JUnitRetryScope(earlierAttemptsFailed: false)
        : null;

    public void Add(TestCaseResult testCase)
    {
        var key = (testCase.ClassName, testCase.Name);
        if (_indexByTest.TryGetValue(key, out var index))
        {
            var earlier = _cases[index];
            _cases[index] = TestRetries.Combine(earlierAttemptsFailed ? TestRetries.AsFailedAttempt(earlier) : earlier, testCase);
        }
        else
        {
            _indexByTest[key] = _cases.Count;
            _cases.Add(testCase);
        }
    }

    public void Flush(IReportSink sink)
    {
        foreach (var testCase in _cases)
        {
            sink.OnTestCase(testCase);
        }

        _cases.Clear();
        _indexByTest.Clear();
    }
}
