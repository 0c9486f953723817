using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

public sealed class NUnitReaderTests
{
    [Fact]
    public void NUnit3_results_and_labels_map_to_outcomes()
    {
        var cases = Read(new NUnit3Reader(), "nunit3.xml");

        Assert.Equal(new[] { "AppliesTax", "RoundsHalfUp", "LoadsRates", "Legacy", "Discounts(10)", "Discounts(-1)" }, cases.Select(c => c.Name));
        Assert.Equal(
            new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Errored, TestOutcome.Skipped, TestOutcome.Passed, TestOutcome.Errored },
            cases.Select(c => c.Outcome));
        Assert.All(cases, c => Assert.Equal("Shop.PriceTests", c.ClassName));
        Assert.All(cases, c => Assert.Equal("Shop.PriceTests", c.Suite));
    }

    [Fact]
    public void NUnit3_messages_come_from_failure_or_reason_and_durations_are_seconds()
    {
        var cases = Read(new NUnit3Reader(), "nunit3.xml");

        Assert.Equal("Expected: 2.5m\n  But was:  2m", Case(cases, "RoundsHalfUp").Message);
        Assert.Equal("System.IO.FileNotFoundException : rates.json", Case(cases, "LoadsRates").Message);
        Assert.Equal("replaced by AppliesTax", Case(cases, "Legacy").Message);
        Assert.Equal("Wrong number of arguments provided", Case(cases, "Discounts(-1)").Message);
        Assert.Equal(new[] { 0.012, 0.034, 0.002, 0, 1002.5, 0 }, cases.Select(c => c.DurationSeconds));
    }

    [Fact]
    public void NUnit2_full_names_split_into_class_and_method_and_results_map_to_outcomes()
    {
        var cases = Read(new NUnit2Reader(), "nunit2.xml");

        Assert.Equal(new[] { "Balances", "Posts", "Closes", "Archives", "Splits(1,2)" }, cases.Select(c => c.Name));
        Assert.All(cases, c => Assert.Equal("Legacy.LedgerTests", c.ClassName));
        Assert.All(cases, c => Assert.Equal("LedgerTests", c.Suite));
        Assert.Equal(
            new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Errored, TestOutcome.Skipped, TestOutcome.Errored },
            cases.Select(c => c.Outcome));
        Assert.Equal(new[] { 0.015, 0.12, 0.003, 0, 0 }, cases.Select(c => c.DurationSeconds));
        Assert.Equal("Expected: 100\n  But was:  90", cases[1].Message);
        Assert.Equal("archive disabled", cases[3].Message);
    }

    [Fact]
    public void Each_NUnit_version_is_detected_by_its_own_root()
    {
        Assert.True(new NUnit3Reader().CanRead("<?xml version=\"1.0\"?><test-run id=\"0\">"));
        Assert.False(new NUnit3Reader().CanRead("<test-results>"));
        Assert.True(new NUnit2Reader().CanRead("<?xml version=\"1.0\"?><!--This file represents the results of running a test suite--><test-results name=\"x\">"));
        Assert.False(new NUnit2Reader().CanRead("<test-run>"));
    }
}
