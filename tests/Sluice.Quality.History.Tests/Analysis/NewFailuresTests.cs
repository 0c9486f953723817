using static Sluice.Quality.History.Tests.Runs;

namespace Sluice.Quality.History.Tests;

public sealed class NewFailuresTests
{
    [Fact]
    public void A_test_failing_now_that_passed_on_the_base_branch_is_new()
    {
        var found = NewFailures.Find([Fail("T.a", "expected 1"), Pass("T.b")], [Pass("T.a"), Pass("T.b")]);

        Assert.Equal([new NewFailure("T.a", "expected 1")], found);
    }

    [Fact]
    public void A_test_already_failing_on_the_base_branch_is_not_new()
    {
        Assert.Empty(NewFailures.Find([Fail("T.a"), Error("T.b")], [Fail("T.a"), Error("T.b")]));
    }

    [Fact]
    public void An_errored_test_counts_as_failing_and_a_flaky_pass_as_passing()
    {
        var found = NewFailures.Find([Error("T.a")], [Flaky("T.a")]);

        Assert.Equal(["T.a"], found.Select(f => f.Id));
    }

    [Fact]
    public void A_new_test_or_one_skipped_on_the_base_branch_is_not_a_new_failure()
    {
        Assert.Empty(NewFailures.Find([Fail("T.new"), Fail("T.skipped")], [Skip("T.skipped")]));
    }

    [Fact]
    public void Without_a_base_run_nothing_is_new()
    {
        Assert.Empty(NewFailures.Find([Fail("T.a")], null));
    }
}
