using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

public sealed class JUnitReaderTests
{
    private readonly JUnitReader _reader = new();

    [Fact]
    public void Ant_report_gives_one_result_per_testcase_with_failure_error_and_skip_outcomes()
    {
        var cases = Read(_reader, "junit-ant.xml");

        Assert.Equal(4, cases.Count);
        Assert.All(cases, c => Assert.Equal("com.example.CalculatorTest", c.Suite));
        Assert.All(cases, c => Assert.Equal("com.example.CalculatorTest", c.ClassName));
        Assert.Equal(new TestCaseResult("com.example.CalculatorTest", "com.example.CalculatorTest", "addsNumbers", TestOutcome.Passed, 0.012), cases[0]);
        Assert.Equal(TestOutcome.Failed, cases[1].Outcome);
        Assert.Equal("expected: <ArithmeticException> but was: <none>", cases[1].Message);
        Assert.Equal(0.034, cases[1].DurationSeconds);
        Assert.Equal(TestOutcome.Errored, cases[2].Outcome);
        Assert.Equal("config.properties (No such file or directory)", cases[2].Message);
        Assert.Equal(TestOutcome.Skipped, cases[3].Outcome);
        Assert.Equal("network tests disabled", cases[3].Message);
        Assert.All(cases, c => Assert.Equal(1, c.Attempts));
    }

    [Fact]
    public void Surefire_flaky_elements_make_a_passed_case_flaky_with_one_attempt_per_flaky_run_plus_the_last()
    {
        var cases = Read(_reader, "junit-surefire.xml");

        Assert.Equal(5, cases.Count);
        var flaky = Case(cases, "retriesPayment");
        Assert.Equal(TestOutcome.Flaky, flaky.Outcome);
        Assert.Equal(3, flaky.Attempts);
        Assert.Equal("expected: <200> but was: <503>", flaky.Message);
        Assert.Equal(1.5, flaky.DurationSeconds);
    }

    [Fact]
    public void Surefire_rerun_elements_keep_the_case_failed_and_count_the_reruns_as_attempts()
    {
        var cases = Read(_reader, "junit-surefire.xml");

        var failed = Case(cases, "cancelsOrder");
        Assert.Equal(TestOutcome.Failed, failed.Outcome);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal("order still open", failed.Message);

        var errored = Case(cases, "loadsCatalog");
        Assert.Equal(TestOutcome.Errored, errored.Outcome);
        Assert.Equal(2, errored.Attempts);
        Assert.Equal("Timeout after 5s", errored.Message);

        Assert.Equal(TestOutcome.Passed, Case(cases, "exportsInvoice").Outcome);
        Assert.Equal("com.example.OrderServiceTest", Case(cases, "placesOrder").Suite);
    }

    [Fact]
    public void Pytest_xunit1_keeps_file_and_line_and_reads_setup_errors_and_skips()
    {
        var cases = Read(_reader, "junit-pytest-xunit1.xml");

        Assert.Equal(4, cases.Count);
        Assert.All(cases, c => Assert.Equal("pytest", c.Suite));
        var passed = Case(cases, "test_add_item");
        Assert.Equal(("tests.test_cart.TestCart", "tests/test_cart.py", 12), (passed.ClassName, passed.File, passed.Line));
        var failed = Case(cases, "test_total[2-4]");
        Assert.Equal((TestOutcome.Failed, "assert 5 == 4", 20), (failed.Outcome, failed.Message, failed.Line));
        Assert.Equal("tests.test_cart.TestCart.test_total[2-4]", failed.Id);
        Assert.Equal((TestOutcome.Errored, "failed on setup with \"ConnectionRefusedError\""), (Case(cases, "test_db").Outcome, Case(cases, "test_db").Message));
        Assert.Equal((TestOutcome.Skipped, "requires Windows"), (Case(cases, "test_windows_only").Outcome, Case(cases, "test_windows_only").Message));
    }

    [Fact]
    public void Pytest_xunit2_times_with_thousands_separators_are_read_and_xfail_is_a_skip()
    {
        var cases = Read(_reader, "junit-pytest-xunit2.xml");

        Assert.Equal(3, cases.Count);
        Assert.Equal(1200.25, Case(cases, "test_get").DurationSeconds);
        Assert.Null(Case(cases, "test_get").File);
        Assert.Equal((TestOutcome.Failed, "AssertionError: status 500"), (Case(cases, "test_post").Outcome, Case(cases, "test_post").Message));
        Assert.Equal((TestOutcome.Skipped, "known bug #12"), (Case(cases, "test_xfail").Outcome, Case(cases, "test_xfail").Message));
    }

    [Fact]
    public void Go_junit_report_gives_each_package_as_a_suite()
    {
        var cases = Read(_reader, "junit-go.xml");

        Assert.Equal(new[] { "TestAdd", "TestTotal/with_discount", "TestSlow", "TestCharge" }, cases.Select(c => c.Name));
        Assert.Equal(new[] { "example.com/shop/cart", "example.com/shop/cart", "example.com/shop/cart", "example.com/shop/pay" }, cases.Select(c => c.Suite));
        Assert.Equal(new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Skipped, TestOutcome.Passed }, cases.Select(c => c.Outcome));
        Assert.Equal("Failed", cases[1].Message);
    }

    [Fact]
    public void Jest_junit_failure_without_a_message_attribute_takes_the_element_text()
    {
        var cases = Read(_reader, "junit-jest.xml");

        Assert.Equal(3, cases.Count);
        var failed = Case(cases, "Cart computes the total");
        Assert.Equal(TestOutcome.Failed, failed.Outcome);
        Assert.StartsWith("Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 4\nReceived: 5", failed.Message, StringComparison.Ordinal);
        Assert.EndsWith("(/app/src/cart.test.js:14:23)", failed.Message, StringComparison.Ordinal);
        var pending = Case(cases, "Cart pending");
        Assert.Equal((TestOutcome.Skipped, (string?)null, 0.0), (pending.Outcome, pending.Message, pending.DurationSeconds));
        Assert.All(cases, c => Assert.Equal("Cart", c.Suite));
    }

    [Fact]
    public void PHPUnit_nested_suites_give_the_innermost_suite_and_the_case_file_and_line()
    {
        var cases = Read(_reader, "junit-phpunit.xml");

        Assert.Equal(4, cases.Count);
        Assert.All(cases, c => Assert.Equal("App.Tests.MoneyTest", c.ClassName));
        Assert.All(cases, c => Assert.Equal("/app/tests/MoneyTest.php", c.File));
        Assert.Equal(new[] { "App\\Tests\\MoneyTest", "App\\Tests\\MoneyTest::testAdds", "App\\Tests\\MoneyTest::testAdds", "App\\Tests\\MoneyTest" }, cases.Select(c => c.Suite));
        Assert.Equal(new[] { 12, 25, 25, 40 }, cases.Select(c => c.Line ?? 0));
        var failed = Case(cases, "testAdds with data set #1");
        Assert.Equal(TestOutcome.Failed, failed.Outcome);
        Assert.Contains("Failed asserting that 3 matches expected 4.", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_entries_are_each_reported_and_properties_give_file_and_line()
    {
        var cases = Read(_reader, "junit-repeated.xml");

        Assert.Equal(4, cases.Count);
        Assert.Equal(new[] { TestOutcome.Failed, TestOutcome.Passed }, cases.Where(c => c.Name == "syncs").Select(c => c.Outcome));
        Assert.Equal(0, cases[0].DurationSeconds);
        var located = Case(cases, "located");
        Assert.Equal(("integration", "src/located_test.rs", 77), (located.ClassName, located.File, located.Line));
        var noisy = Case(cases, "noisy");
        Assert.Equal((TestOutcome.Passed, (string?)null), (noisy.Outcome, noisy.Message));
    }

    [Fact]
    public void A_class_attribute_stands_in_for_a_missing_classname()
    {
        var cases = ReadText(_reader, """<testsuite name="s"><testcase name="t" class="Legacy\Thing" time="1,234.5"/></testsuite>""");

        Assert.Equal(("Legacy\\Thing", 1234.5), (cases[0].ClassName, cases[0].DurationSeconds));
    }

    [Fact]
    public void Summary_counts_on_suites_are_ignored()
    {
        var cases = ReadText(_reader, """<testsuites tests="100" failures="50"><testsuite name="s" tests="100" failures="50"><testcase name="only"/></testsuite></testsuites>""");

        Assert.Equal(TestOutcome.Passed, Assert.Single(cases).Outcome);
    }

    [Fact]
    public void A_failure_message_longer_than_the_limit_is_truncated()
    {
        var text = new string('x', TestCaseResult.MaxMessageLength * 3);
        var cases = ReadText(_reader, $"""<testsuite name="s"><testcase name="a"><failure>{text}</failure></testcase><testcase name="b"><failure message="{text}"/></testcase></testsuite>""");

        Assert.All(cases, c => Assert.Equal(TestCaseResult.MaxMessageLength, c.Message!.Length));
    }

    [Fact]
    public void A_root_that_is_not_a_testsuite_is_refused_naming_what_was_found()
    {
        var error = Assert.Throws<ReportReadException>(() => ReadText(_reader, "<coverage/>", "cov.xml"));

        Assert.Equal("cov.xml", error.File);
        Assert.Contains("<coverage>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<!-- generated -->\n<testsuites>", true)]
    [InlineData("\uFEFF<testsuite name=\"x\">", true)]
    [InlineData("<!DOCTYPE testsuite [ <!ENTITY a \"b\"> ]><testsuite>", true)]
    [InlineData("<test-run>", false)]
    [InlineData("testsuite", false)]
    public void Detection_looks_at_the_root_element(string head, bool expected) => Assert.Equal(expected, _reader.CanRead(head));
}
