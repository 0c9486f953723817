using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class CoberturaReaderTests
{
    private const string Root = "/home/runner/work/shop/shop/src/";

    private readonly CoberturaReader reader = new();

    [Fact]
    public void Coverlet_report_gives_each_file_once_with_class_lines_merged()
    {
        var sink = ReportFixtures.Read(reader, "Coverage", "coverlet.cobertura.xml");

        Assert.Equal(
            [$"{Root}Shop.Core/Cart.cs", $"{Root}Shop.Core/Price.cs", $"{Root}Shop.Api/Program.cs"],
            sink.Files.Select(f => f.Path));
        Assert.Equal(
            new Dictionary<int, LineCoverage>
            {
                [10] = new(4),
                [11] = new(4, 1, 2),
                [12] = new(2),
                [15] = new(3),
                [20] = new(1),
            },
            RecordingSink.Lines(sink.File($"{Root}Shop.Core/Cart.cs")));
        Assert.Equal(
            new Dictionary<int, LineCoverage> { [5] = new(0, 0, 4), [6] = new(0) },
            RecordingSink.Lines(sink.File($"{Root}Shop.Core/Price.cs")));
        Assert.Equal(new Dictionary<int, LineCoverage> { [1] = new(1) }, RecordingSink.Lines(sink.File($"{Root}Shop.Api/Program.cs")));
    }

    [Fact]
    public void Sources_go_to_a_sink_that_asks_for_them_before_the_files()
    {
        var sink = ReportFixtures.Read(reader, "Coverage", "coverlet.cobertura.xml");

        var (fileName, sources) = Assert.Single(sink.Sources);
        Assert.Equal("coverlet.cobertura.xml", fileName);
        Assert.Equal(["/home/runner/work/shop/shop/src/"], sources);
    }

    [Fact]
    public void Several_sources_are_kept_in_order_and_a_file_belongs_to_the_first_that_holds_it()
    {
        var sink = ReadWithFiles(["C:/b/pkg/mod.py"], """
            <coverage line-rate="1" lines-valid="1">
              <sources><source> /a </source><source>C:\b\</source><source></source></sources>
              <packages><package name="p"><classes>
                <class name="m" filename="pkg/mod.py"><methods/><lines><line number="3" hits="7"/></lines></class>
              </classes></package></packages>
            </coverage>
            """);

        Assert.Equal(["/a", @"C:\b\"], Assert.Single(sink.Sources).Sources);
        Assert.Equal(new LineCoverage(7), sink.File("C:/b/pkg/mod.py").Lines[3]);
    }

    [Fact]
    public void With_several_sources_and_the_file_under_none_of_them_here_the_first_source_is_taken()
    {
        var sink = ReadWithFiles([], """
            <coverage line-rate="1"><sources><source>/build/a/</source><source>/build/b/</source></sources>
            <packages><package name="p"><classes>
              <class name="m" filename="pkg/mod.py"><lines><line number="1" hits="1"/></lines></class>
            </classes></package></packages></coverage>
            """);

        Assert.Equal(["/build/a/pkg/mod.py"], sink.Files.Select(f => f.Path));
    }

    [Fact]
    public void Without_sources_filenames_stay_as_written_apart_from_their_spelling()
    {
        var sink = ReportFixtures.ReadText(reader, """
            <coverage line-rate="1"><packages><package name="p"><classes>
              <class name="a" filename="./src\a.ts"><lines><line number="1" hits="1"/></lines></class>
              <class name="b" filename="/abs/b.ts"><lines><line number="1" hits="0"/></lines></class>
            </classes></package></packages></coverage>
            """);

        Assert.Equal(["src/a.ts", "/abs/b.ts"], sink.Files.Select(f => f.Path));
    }

    [Fact]
    public void A_rooted_filename_ignores_the_sources()
    {
        var sink = ReportFixtures.ReadText(reader, """
            <coverage line-rate="1"><sources><source>/repo/src/</source></sources>
            <packages><package name="p"><classes>
              <class name="a" filename="/elsewhere/Gen.cs"><lines><line number="1" hits="1"/></lines></class>
              <class name="b" filename="https://raw.githubusercontent.com/o/r/sha/src/B.cs"><lines><line number="1" hits="1"/></lines></class>
            </classes></package></packages></coverage>
            """);

        Assert.Equal(["/elsewhere/Gen.cs", "https://raw.githubusercontent.com/o/r/sha/src/B.cs"], sink.Files.Select(f => f.Path));
    }

    [Fact]
    public void Two_filenames_that_resolve_to_one_file_reach_the_sink_as_one()
    {
        var sink = ReportFixtures.ReadText(reader, """
            <coverage line-rate="1"><sources><source>/repo/src/Shop/</source></sources>
            <packages><package name="p"><classes>
              <class name="a" filename="Cart.cs"><lines><line number="1" hits="2"/><line number="2" hits="0"/></lines></class>
              <class name="b" filename="../Shop/Cart.cs"><lines><line number="2" hits="3"/></lines></class>
            </classes></package></packages></coverage>
            """);

        var file = Assert.Single(sink.Files);
        Assert.Equal("/repo/src/Shop/Cart.cs", file.Path);
        Assert.Equal(new Dictionary<int, LineCoverage> { [1] = new(2), [2] = new(3) }, RecordingSink.Lines(file));
    }

    private static RecordingSink ReadWithFiles(IReadOnlyCollection<string> existing, string xml) =>
        ReportFixtures.ReadText(new CoberturaReader(existing.Contains), xml);

    [Theory]
    [InlineData("<coverage line-rate=\"0.5\" branch-rate=\"0\" version=\"1.9\">", true)]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE coverage SYSTEM \"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n<coverage lines-valid=\"3\">", true)]
    [InlineData("<coverage><project/>", false)]
    [InlineData("<report name=\"x\">", false)]
    public void Detects_cobertura_from_the_root_and_its_rates(string head, bool expected) =>
        Assert.Equal(expected, reader.CanRead(head));

    [Fact]
    public void A_bad_hit_count_names_the_line()
    {
        var error = ReportFixtures.ReadFails(reader, """
            <coverage line-rate="1">
              <packages><package name="p"><classes>
                <class name="c" filename="c.cs"><lines>
                  <line number="3" hits="many"/>
                </lines></class>
              </classes></package></packages>
            </coverage>
            """, "cov.xml");

        Assert.Equal("cov.xml", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("hits=\"many\"", error.Message);
    }

    [Fact]
    public void A_bad_condition_coverage_is_an_error()
    {
        var error = ReportFixtures.ReadFails(reader, """
            <coverage line-rate="1"><packages><package name="p"><classes>
            <class name="c" filename="c.cs"><lines><line number="3" hits="1" branch="true" condition-coverage="50%"/></lines></class>
            </classes></package></packages></coverage>
            """);

        Assert.Equal(2, error.Line);
        Assert.Contains("condition-coverage", error.Reason);
    }

    [Fact]
    public void Another_root_element_is_not_cobertura()
    {
        var error = ReportFixtures.ReadFails(reader, "<testsuites><testsuite/></testsuites>");

        Assert.Contains("not a Cobertura report", error.Reason);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_truncated_report_fails_and_hands_over_nothing()
    {
        var full = File.ReadAllText(ReportFixtures.PathOf("Coverage", "coverlet.cobertura.xml"));
        var sink = new RecordingSink();

        var error = Assert.Throws<ReportReadException>(() =>
            reader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(full[..(full.Length * 2 / 3)])), "cut.xml", sink, CancellationToken.None));

        Assert.Equal("cut.xml", error.File);
        Assert.NotNull(error.Line);
        Assert.Empty(sink.Files);
    }

    [Theory]
    [InlineData("<coverage line-rate=\"1\"><packages><package><classes><class filename=\"a\"><lines><line number=\"1\" hits=\"1.0\"/></lines></class></classes></package></packages></coverage>", 1)]
    [InlineData("<coverage line-rate=\"1\"><packages><package><classes><class filename=\"a\"><lines><line number=\"1\" hits=\"99999999999999999999\"/></lines></class></classes></package></packages></coverage>", long.MaxValue)]
    [InlineData("<coverage line-rate=\"1\"><packages><package><classes><class filename=\"a\"><lines><line number=\"1\" hits=\"-1\"/></lines></class></classes></package></packages></coverage>", 0)]
    public void Unusual_hit_counts_are_read_as_whole_counts(string xml, long hits) =>
        Assert.Equal(hits, ReportFixtures.ReadText(reader, xml).File("a").Lines[1].Hits);
}
