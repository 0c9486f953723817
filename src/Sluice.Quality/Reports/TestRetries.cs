namespace Sluice.Quality.Reports;

/// <summary>
/// Folds the attempts of one retried test into one result. Only a report's own evidence makes entries attempts of
/// one test (Surefire's rerun and flaky elements, a TRX testId given twice, pytest-rerunfailures' repeated entries,
/// or repeated JUnit entries when the user says the runner retries); entries that merely share a name are distinct
/// cases and never reach this.
/// </summary>
public static class TestRetries
{
    /// <summary>
    /// The result of a test whose attempts so far are <paramref name="earlier"/>, after the later attempt
    /// <paramref name="later"/>: the last attempt decides, except that passing after a failed attempt is
    /// <see cref="TestOutcome.Flaky"/>, and a skipped retry changes nothing. Attempts and durations add up; the
    /// first location given is kept.
    /// </summary>
    public static TestCaseResult Combine(TestCaseResult earlier, TestCaseResult later)
    {
        var failedBefore = earlier.Outcome is TestOutcome.Failed or TestOutcome.Errored or TestOutcome.Flaky;
        var outcome = later.Outcome switch
        {
            TestOutcome.Skipped => earlier.Outcome,
            TestOutcome.Passed when failedBefore => TestOutcome.Flaky,
            _ => later.Outcome,
        };
        var message = later.Outcome == TestOutcome.Skipped ? earlier.Message ?? later.Message : later.Message ?? earlier.Message;
        var located = earlier.File is not null || earlier.Line is not null;
        return earlier with
        {
            Outcome = outcome,
            DurationSeconds = earlier.DurationSeconds + later.DurationSeconds,
            Message = outcome == TestOutcome.Passed ? null : message,
            File = located ? earlier.File : later.File,
            Line = located ? earlier.Line : later.Line,
            Attempts = earlier.Attempts + later.Attempts,
        };
    }

    /// <summary>An attempt that a later one re-ran: whatever it shows, it failed (pytest-rerunfailures writes such attempts as empty entries).</summary>
    public static TestCaseResult AsFailedAttempt(TestCaseResult attempt) =>
        attempt.Outcome is TestOutcome.Passed or TestOutcome.Skipped ? attempt with { Outcome = TestOutcome.Failed } : attempt;
}
