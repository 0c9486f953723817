using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

public sealed class TrxReaderTests
{
    private readonly TrxReader _reader = new();

    [Fact]
    public void Results_take_their_class_from_definitions_written_after_them()
    {
        var cases = Read(_reader, "trx-2010.trx");

        Assert.Equal(new[] { "AddsItem", "ComputesTotal", "Windows", "ParsesAmount (1.5)", "ParsesAmount (abc)", "Hangs", "Orphan" }, cases.Select(c => c.Name));
        Assert.Equal(
            new[] { "Shop.Tests.CartTests", "Shop.Tests.CartTests", "Shop.Tests.CartTests", "Shop.Tests.AmountTests", "Shop.Tests.AmountTests", "Shop.Tests.SlowTests", "Shop.Tests.Unlisted" },
            cases.Select(c => c.ClassName));
        Assert.Equal("shop.tests.dll", cases[0].Suite);
        Assert.Equal("", cases[6].Suite);
    }

    [Fact]
    public void Outcomes_durations_and_error_messages_are_read()
    {
        var cases = Read(_reader, "trx-2010.trx");

        Assert.Equal(
            new[] { TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Skipped, TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Errored, TestOutcome.Skipped },
            cases.Select(c => c.Outcome));
        Assert.Equal(new[] { 0.012, 1.234, 0, 0.01, 0.02, 30, 0.5 }, cases.Select(c => c.DurationSeconds));
        Assert.Equal("Assert.Equal() Failure: Values differ\nExpected: 4\nActual:   5", cases[1].Message);
        Assert.Null(cases[2].Message);
        Assert.Equal("FormatException: 'abc' is not a number", cases[4].Message);
    }

    [Fact]
    public void A_data_driven_test_gives_its_inner_results_and_not_itself()
    {
        var cases = Read(_reader, "trx-2010.trx");

        Assert.DoesNotContain(cases, c => c.Name == "ParsesAmount");
        Assert.Equal(2, cases.Count(c => c.Name.StartsWith("ParsesAmount", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_seeking_the_class_falls_back_to_the_prefix_of_the_test_name()
    {
        var sink = new TestCaseSink();
        using var file = File.OpenRead(PathOf("trx-2010.trx"));
        _reader.Read(new ForwardOnlyStream(file), "trx-2010.trx", sink, CancellationToken.None);

        Assert.Equal(7, sink.Cases.Count);
        Assert.Equal(("Shop.Tests.CartTests", "ComputesTotal"), (sink.Cases[1].ClassName, sink.Cases[1].Name));
        Assert.Equal(("", "ParsesAmount (1.5)"), (sink.Cases[3].ClassName, sink.Cases[3].Name));
    }

    [Fact]
    public void The_2006_namespace_with_definitions_first_and_assembly_qualified_class_names_is_read()
    {
        var cases = Read(_reader, "trx-2006.trx");

        Assert.Equal(2, cases.Count);
        Assert.Equal(new TestCaseResult("legacy.tests.dll", "Legacy.Tests.CurrencyTests", "ConvertsCurrency", TestOutcome.Passed, 0.25), cases[0]);
        Assert.Equal((TestOutcome.Errored, "Test method threw exception System.NullReferenceException"), (cases[1].Outcome, cases[1].Message));
        Assert.Equal("Legacy.Tests.CurrencyTests.RoundsDown", cases[1].Id);
    }

    [Fact]
    public void Detection_needs_the_TeamTest_namespace()
    {
        Assert.True(_reader.CanRead("""<?xml version="1.0" encoding="utf-8"?><TestRun id="x" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">"""));
        Assert.False(_reader.CanRead("""<TestRun id="x">"""));
    }
}
