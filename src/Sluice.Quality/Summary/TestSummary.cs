using Sluice.Quality.Reports;

namespace Sluice.Quality.Summary;

/// <summary>
/// Test counts recomputed from the cases as they stream past (every case counts once), and the first failing
/// cases, to show a person; no case is kept beyond those.
/// </summary>
public sealed class TestSummary
{
    /// <summary>How many failing cases <see cref="FirstFailures"/> keeps.</summary>
    public const int FailuresKept = 50;

    private readonly List<TestCaseResult> _firstFailures = [];

    public int Total { get; private set; }

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Errored { get; private set; }

    public int Skipped { get; private set; }

    public int Flaky { get; private set; }

    public double DurationSeconds { get; private set; }

    /// <summary>The first <see cref="FailuresKept"/> failed or errored cases, in the order they were read.</summary>
    public IReadOnlyList<TestCaseResult> FirstFailures => _firstFailures;

    public void Add(TestCaseResult testCase)
    {
        Total++;
        DurationSeconds += testCase.DurationSeconds;
        switch (testCase.Outcome)
        {
            case TestOutcome.Passed:
                Passed++;
                break;
            case TestOutcome.Failed:
                Failed++;
                break;
            case TestOutcome.Errored:
                Errored++;
                break;
            case TestOutcome.Skipped:
                Skipped++;
                break;
            default:
                Flaky++;
                break;
        }

        if (testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored && _firstFailures.Count < FailuresKept)
        {
            _firstFailures.Add(testCase);
        }
    }
}
