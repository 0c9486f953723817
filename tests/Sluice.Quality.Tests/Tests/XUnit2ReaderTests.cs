using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

public sealed class XUnit2ReaderTests
{
    [Fact]
    public void Tests_are_read_with_their_type_as_class_and_the_assembly_as_suite()
    {
        var cases = Read(new XUnit2Reader(), "xunit2.xml");

        var tests = cases.Where(c => !c.Name.StartsWith('[')).ToList();
        Assert.Equal(new[] { "AddsItem", "Totals(count: 2, expected: 4)", "Windows", "Checkout works end to end" }, tests.Select(c => c.Name));
        Assert.Equal(new[] { "Shop.Tests.CartTests", "Shop.Tests.CartTests", "Shop.Tests.CartTests", "Shop.Tests.CheckoutTests" }, tests.Select(c => c.ClassName));
        Assert.Equal(new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Skipped, TestOutcome.Passed }, tests.Select(c => c.Outcome));
        Assert.Equal(new[] { 0.0123, 0.0456, 0, 0.3 }, tests.Select(c => c.DurationSeconds));
        Assert.All(cases, c => Assert.Equal("Shop.Tests.dll", c.Suite));
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 4\nActual:   5", tests[1].Message);
        Assert.Equal("Windows only", tests[2].Message);
    }

    [Fact]
    public void A_class_cleanup_error_becomes_an_errored_result()
    {
        var cases = Read(new XUnit2Reader(), "xunit2.xml");

        var error = Assert.Single(cases, c => c.Name.StartsWith('['));
        Assert.Equal(
            new TestCaseResult("Shop.Tests.dll", "Shop.Tests.DbTests", "[test-class-cleanup]", TestOutcome.Errored, 0, "System.InvalidOperationException : database still in use"),
            error);
    }
}
