using Sluice.Quality.Reports;

namespace Sluice.Quality.Tests.TestReports;

public sealed class TestRetriesTests
{
    private static TestCaseResult Attempt(TestOutcome outcome, double seconds = 1, string? message = null, string? file = null, int? line = null) =>
        new("suite", "Shop.CartTests", "Totals", outcome, seconds, message, file, line);

    [Fact]
    public void A_failure_then_a_pass_is_flaky_with_attempts_and_durations_summed_and_the_failure_message_kept()
    {
        var merged = TestRetries.Combine(Attempt(TestOutcome.Failed, 1.5, "timed out"), Attempt(TestOutcome.Passed, 0.5));

        Assert.Equal((TestOutcome.Flaky, 2, 2.0, "timed out"), (merged.Outcome, merged.Attempts, merged.DurationSeconds, merged.Message));
    }

    [Fact]
    public void The_last_attempt_decides_and_brings_its_message()
    {
        var failedTwice = TestRetries.Combine(Attempt(TestOutcome.Failed, message: "first"), Attempt(TestOutcome.Errored, message: "second"));
        var passedTwice = TestRetries.Combine(Attempt(TestOutcome.Passed), Attempt(TestOutcome.Passed));
        var passedThenFailed = TestRetries.Combine(Attempt(TestOutcome.Passed), Attempt(TestOutcome.Failed, message: "broke"));

        Assert.Equal((TestOutcome.Errored, "second"), (failedTwice.Outcome, failedTwice.Message));
        Assert.Equal((TestOutcome.Passed, 2, (string?)null), (passedTwice.Outcome, passedTwice.Attempts, passedTwice.Message));
        Assert.Equal((TestOutcome.Failed, "broke"), (passedThenFailed.Outcome, passedThenFailed.Message));
    }

    [Fact]
    public void A_skipped_retry_changes_no_outcome_and_a_flaky_test_failing_again_is_failed()
    {
        var skippedRetry = TestRetries.Combine(Attempt(TestOutcome.Failed, message: "boom"), Attempt(TestOutcome.Skipped, message: "not run"));
        var flakyThenFailed = TestRetries.Combine(TestRetries.Combine(Attempt(TestOutcome.Failed), Attempt(TestOutcome.Passed)), Attempt(TestOutcome.Failed, message: "again"));

        Assert.Equal((TestOutcome.Failed, "boom", 2), (skippedRetry.Outcome, skippedRetry.Message, skippedRetry.Attempts));
        Assert.Equal((TestOutcome.Failed, 3), (flakyThenFailed.Outcome, flakyThenFailed.Attempts));
    }

    [Fact]
    public void The_first_location_given_is_kept()
    {
        var merged = TestRetries.Combine(Attempt(TestOutcome.Failed), Attempt(TestOutcome.Passed, file: "CartTests.cs", line: 12));
        var kept = TestRetries.Combine(merged, Attempt(TestOutcome.Passed, file: "Other.cs", line: 99));

        Assert.Equal(("CartTests.cs", (int?)12), (kept.File, kept.Line));
    }

    [Fact]
    public void A_re_run_attempt_counts_as_failed_whatever_it_shows()
    {
        Assert.Equal(TestOutcome.Failed, TestRetries.AsFailedAttempt(Attempt(TestOutcome.Passed)).Outcome);
        Assert.Equal(TestOutcome.Errored, TestRetries.AsFailedAttempt(Attempt(TestOutcome.Errored)).Outcome);
    }
}
