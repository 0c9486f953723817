using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class JaCoCoReaderTests
{
    private readonly JaCoCoReader reader = new();

    [Fact]
    public void Report_with_its_doctype_gives_lines_per_package_source_file()
    {
        var sink = ReportFixtures.Read(reader, "Coverage", "jacoco.xml");

        Assert.Equal(["com/example/shop/Cart.java", "Main.java"], sink.Files.Select(f => f.Path));
        Assert.Equal(
            new Dictionary<int, LineCoverage> { [3] = new(3), [5] = new(4, 1, 2), [7] = new(0, 0, 2) },
            RecordingSink.Lines(sink.File("com/example/shop/Cart.java")));
        Assert.Equal(new Dictionary<int, LineCoverage> { [1] = new(2) }, RecordingSink.Lines(sink.File("Main.java")));
    }

    [Fact]
    public void Packages_inside_groups_are_read()
    {
        var sink = ReportFixtures.ReadText(reader, """
            <report name="all"><group name="api"><package name="org/x"><sourcefile name="A.java">
            <line nr="2" mi="1" ci="0" mb="0" cb="0"/><line nr="9" mi="0" ci="0" mb="0" cb="0"/>
            </sourcefile></package></group></report>
            """);

        Assert.Equal(new Dictionary<int, LineCoverage> { [2] = new(0) }, RecordingSink.Lines(sink.File("org/x/A.java")));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"x\">", true)]
    [InlineData("<report name=\"x\"><sessioninfo", true)]
    [InlineData("<coverage line-rate=\"1\">", false)]
    public void Detects_jacoco_from_its_doctype_or_root(string head, bool expected) =>
        Assert.Equal(expected, reader.CanRead(head));

    [Fact]
    public void A_bad_counter_names_the_line()
    {
        var error = ReportFixtures.ReadFails(reader, "<report name=\"r\">\n<package name=\"p\"><sourcefile name=\"A.java\">\n<line nr=\"1\" mi=\"x\" ci=\"0\"/>\n</sourcefile></package></report>");

        Assert.Equal(3, error.Line);
        Assert.Contains("mi=\"x\"", error.Reason);
    }

    [Fact]
    public void Another_root_is_not_jacoco() =>
        Assert.Contains("not a JaCoCo report", ReportFixtures.ReadFails(reader, "<coverage line-rate=\"1\"/>").Reason);
}
