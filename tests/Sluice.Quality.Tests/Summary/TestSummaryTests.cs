using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Quality.Tests.Summary;

public sealed class TestSummaryTests
{
    [Fact]
    public void Every_case_counts_and_only_the_first_failures_are_kept()
    {
        var summary = new TestSummary();
        for (var i = 0; i < 200; i++)
        {
            var outcome = (i % 4) switch { 0 => TestOutcome.Failed, 1 => TestOutcome.Errored, 2 => TestOutcome.Skipped, _ => TestOutcome.Flaky };
            summary.Add(new TestCaseResult("s", "Shop.CartTests", "Totals", outcome, 0.5));
        }

        Assert.Equal((200, 0, 50, 50, 50, 50), (summary.Total, summary.Passed, summary.Failed, summary.Errored, summary.Skipped, summary.Flaky));
        Assert.Equal(100, summary.DurationSeconds, 9);
        Assert.Equal(TestSummary.FailuresKept, summary.FirstFailures.Count);
        Assert.Equal([TestOutcome.Failed, TestOutcome.Errored], summary.FirstFailures.Take(2).Select(c => c.Outcome));
    }
}
