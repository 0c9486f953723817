using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Sluice.Quality.Gates;

namespace Sluice.Quality.Tests.Gates;

public sealed class GateReportTests
{
    private static readonly GateResult Result = GateEvaluator.Evaluate(
        new GateDefinition { Conditions = [new("No failures", "tests.failed == 0"), new("Patch", "coverage.patch >= 90"), new("Line", "coverage.line >= 80")] },
        new QualityMetrics().Set("tests.failed", 2).Set("coverage.line", 85).Missing("coverage.patch", "no base to compare with"));

    [Fact]
    public void The_console_table_has_one_row_per_condition_and_the_verdict()
    {
        var text = new StringWriter();
        GateReportText.Write(text, Result);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("condition    measured  threshold  outcome", lines[0]);
        Assert.Equal("No failures  2         == 0       failed", lines[2]);
        Assert.Equal("Patch        n/a       >= 90      inconclusive", lines[3]);
        Assert.Equal("  Patch: no base to compare with", lines[5]);
        Assert.Equal("gate failed: 1 passed, 1 failed, 1 inconclusive", lines[^1]);
    }

    [Fact]
    public void Markdown_is_a_table_for_a_pull_request_comment()
    {
        var md = GateReportMarkdown.Render(Result);
        Assert.StartsWith("### Quality gate: ❌ failed", md, StringComparison.Ordinal);
        Assert.Contains("| No failures | 2 | == 0 | ❌ failed |", md, StringComparison.Ordinal);
        Assert.Contains("- **Patch**: no base to compare with", md, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_shows_failed_conditions_as_failures_and_inconclusive_as_skipped()
    {
        using var stream = new MemoryStream();
        GateReportJUnit.Write(stream, Result);
        var suite = XDocument.Parse(Encoding.UTF8.GetString(stream.ToArray())).Root!.Element("testsuite")!;

        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        Assert.Equal("1", suite.Attribute("skipped")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.NotNull(cases[0].Element("failure"));
        Assert.NotNull(cases[1].Element("skipped"));
        Assert.Empty(cases[2].Elements());
    }

    [Fact]
    public void Json_carries_the_verdict_and_every_condition()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            GateReportJson.Write(writer, Result);
        }

        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal("failed", json.RootElement.GetProperty("verdict").GetString());
        var conditions = json.RootElement.GetProperty("conditions").EnumerateArray().ToList();
        Assert.Equal(["failed", "inconclusive", "passed"], conditions.Select(c => c.GetProperty("outcome").GetString()));
        Assert.Equal(JsonValueKind.Null, conditions[0].GetProperty("reason").ValueKind);
    }
}
