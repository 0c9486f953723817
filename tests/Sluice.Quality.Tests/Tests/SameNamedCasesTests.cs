using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

/// <summary>
/// Cases that share a suite, class and name are distinct cases, each counted, unless the report shows they are
/// attempts of one test: the rule in docs/quality.md, on reports shaped as the tools write them.
/// </summary>
public sealed class SameNamedCasesTests
{
    [Fact]
    public void Mocha_repeated_describe_titles_and_data_driven_cases_are_each_a_case_and_none_is_flaky()
    {
        var cases = Read(new JUnitReader(), "junit-mocha-repeated-titles.xml");

        Assert.Equal(6, cases.Count);
        Assert.All(cases, c => Assert.Equal(1, c.Attempts));
        Assert.DoesNotContain(cases, c => c.Outcome == TestOutcome.Flaky);
        var adds = cases.Where(c => c.Id == "adds an item.cart adds an item").ToList();
        Assert.Equal([TestOutcome.Passed, TestOutcome.Failed], adds.Select(c => c.Outcome));
        Assert.Equal("expected 2 to equal 3", adds[1].Message);
        Assert.Equal(2, cases.Count(c => c.Name == "parses amounts parses the input"));
    }

    [Fact]
    public void Pytest_rerunfailures_attempts_fold_into_one_case_whose_earlier_attempts_failed()
    {
        var cases = Read(new JUnitReader(), "junit-pytest-rerunfailures.xml");

        Assert.Equal(["test_fetches", "test_always_times_out", "test_parses", "test_parses[utf-8]"], cases.Select(c => c.Name));
        var fetches = Case(cases, "test_fetches");
        Assert.Equal((TestOutcome.Flaky, 2), (fetches.Outcome, fetches.Attempts));
        Assert.Equal(0.79, fetches.DurationSeconds, 6);
        var timesOut = Case(cases, "test_always_times_out");
        Assert.Equal((TestOutcome.Failed, 2), (timesOut.Outcome, timesOut.Attempts));
        Assert.Equal("TimeoutError: no answer after 1s", timesOut.Message);
        Assert.Equal((TestOutcome.Passed, 1), (Case(cases, "test_parses").Outcome, Case(cases, "test_parses").Attempts));
    }

    [Fact]
    public void Gradle_discrete_retries_are_distinct_cases_unless_the_user_says_repeats_are_retries()
    {
        var path = PathOf("junit-gradle-retries.xml");
        var distinct = new TestCaseSink();
        ReportReaders.ReadFile(path, distinct, CancellationToken.None);
        var retried = new TestCaseSink();
        ReportReaders.ReadFile(path, retried, new ReportReadOptions { RepeatedCasesAreRetries = true }, CancellationToken.None);

        Assert.Equal(5, distinct.Cases.Count);
        Assert.Equal(1, distinct.Cases.Count(c => c.Outcome == TestOutcome.Failed));
        Assert.DoesNotContain(distinct.Cases, c => c.Outcome == TestOutcome.Flaky);

        Assert.Equal(["chargesCard()", "refunds()", "[1] amount=10"], retried.Cases.Select(c => c.Name));
        var refunds = Case(retried.Cases, "refunds()");
        Assert.Equal((TestOutcome.Flaky, 2, "java.net.SocketTimeoutException: Read timed out"), (refunds.Outcome, refunds.Attempts, refunds.Message));
        Assert.Equal(2.002, refunds.DurationSeconds, 6);

        // Gradle re-runs a parameterized method whole: a row that passed twice is a passing test, not a flaky one.
        var row = Case(retried.Cases, "[1] amount=10");
        Assert.Equal((TestOutcome.Passed, 2), (row.Outcome, row.Attempts));
    }

    [Fact]
    public void Trx_theory_rows_with_one_cut_display_name_are_told_apart_by_test_id_and_a_repeated_test_id_is_a_retry()
    {
        var cases = Read(new TrxReader(), "trx-theory-rows-and-retries.trx");

        AssertTheoryRowsAndRetry(cases);
    }

    [Fact]
    public void Trx_read_once_from_a_pipe_gives_the_same_cases()
    {
        var sink = new TestCaseSink();
        using var file = File.OpenRead(PathOf("trx-theory-rows-and-retries.trx"));
        new TrxReader().Read(new ForwardOnlyStream(file), "trx-theory-rows-and-retries.trx", sink, CancellationToken.None);

        AssertTheoryRowsAndRetry(sink.Cases);
    }

    [Fact]
    public void A_retried_trx_test_is_sent_at_its_last_attempt_and_the_others_as_they_come()
    {
        var cases = Read(new TrxReader(), "trx-theory-rows-and-retries.trx");

        Assert.Equal(["Reads_a_feed", "Reads_a_feed", "Reads_a_feed", "Pushes_orders", "Pulls_the_catalog"], cases.Select(c => c.Name.Split('(')[0]));
    }

    [Fact]
    public void Many_retried_trx_tests_whose_attempts_come_far_apart_each_fold_into_one_case()
    {
        const int Tests = 20_000;
        var results = new System.Text.StringBuilder();
        foreach (var outcome in new[] { "Failed", "Passed" })
        {
            for (var i = 0; i < Tests; i++)
            {
                results.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<UnitTestResult executionId="{Guid.NewGuid()}" testId="{new Guid(i, 0, 0, new byte[8])}" testName="Shop.Tests.Load.Case{i}" duration="00:00:00.0010000" outcome="{outcome}" />""");
            }
        }

        var cases = ReadText(new TrxReader(), $"""<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>{results}</Results></TestRun>""", "load.trx");

        Assert.Equal(Tests, cases.Count);
        Assert.All(cases, c => Assert.Equal((TestOutcome.Flaky, 2), (c.Outcome, c.Attempts)));
        Assert.Equal("Case0", cases[0].Name);
    }

    private static void AssertTheoryRowsAndRetry(List<TestCaseResult> cases)
    {
        Assert.Equal(5, cases.Count);
        var rows = cases.Where(c => c.Name.StartsWith("Reads_a_feed(", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Single(rows.Select(r => r.Id).Distinct());
        Assert.Equal([TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Passed], rows.Select(r => r.Outcome));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));

        var retried = Case(cases, "Pulls_the_catalog");
        Assert.Equal((TestOutcome.Flaky, 2), (retried.Outcome, retried.Attempts));
        Assert.Equal(6.2, retried.DurationSeconds, 6);
        Assert.Equal("System.TimeoutException: The catalog did not answer within 5 s.", retried.Message);
    }
}
