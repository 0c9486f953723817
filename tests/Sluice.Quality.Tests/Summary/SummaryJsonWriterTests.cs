using System.Text.Json;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Quality.Tests.Summary;

public sealed class SummaryJsonWriterTests
{
    private static TestCaseResult Case(int i, TestOutcome outcome = TestOutcome.Passed) =>
        new("suite", "Shop.CartTests", $"Case{i}", outcome, 0.25, outcome == TestOutcome.Failed ? "boom" : null);

    [Fact]
    public void Cases_reach_the_output_while_the_report_is_still_being_read()
    {
        var output = new MemoryStream();
        using var writer = new Utf8JsonWriter(output);
        var json = new SummaryJsonWriter(writer);
        var summary = new QualitySummaryBuilder(json.WriteCase);

        json.Start();
        json.StartTests();
        for (var i = 0; i < 5_000; i++)
        {
            summary.OnTestCase(Case(i));
        }

        // 5,000 cases are well over the flush size: most of them are already out, the writer holds little.
        Assert.True(output.Length > 200_000, $"only {output.Length} bytes were written");
        Assert.True(writer.BytesPending < 70_000, $"{writer.BytesPending} bytes are held");
    }

    [Fact]
    public void The_document_has_the_documented_shape_with_counts_after_the_cases()
    {
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output))
        {
            var json = new SummaryJsonWriter(writer);
            var summary = new QualitySummaryBuilder(json.WriteCase);
            json.Start();
            json.StartTests();
            summary.OnTestCase(Case(1));
            summary.OnTestCase(Case(2, TestOutcome.Failed));
            var files = new[] { new ReportFileInfo("a.xml", ReportFormat.JUnit) };
            var built = summary.Build(files);
            json.EndTests(built.Tests!);
            json.NoCoverage();
            json.WriteBenchmarks(built.Benchmarks);
            json.End(files);
        }

        using var doc = JsonDocument.Parse(output.ToArray());
        var root = doc.RootElement;
        Assert.Equal(["tests", "coverage", "benchmarks", "files"], root.EnumerateObject().Select(p => p.Name));
        var tests = root.GetProperty("tests");
        Assert.Equal((2, 1, 1), (tests.GetProperty("total").GetInt32(), tests.GetProperty("passed").GetInt32(), tests.GetProperty("failed").GetInt32()));
        Assert.Equal(["Case1", "Case2"], tests.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("boom", tests.GetProperty("cases")[1].GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("coverage").ValueKind);
        Assert.Equal("junit", root.GetProperty("files")[0].GetProperty("format").GetString());
    }
}
