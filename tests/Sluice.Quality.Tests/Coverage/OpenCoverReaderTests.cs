using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class OpenCoverReaderTests
{
    private readonly OpenCoverReader reader = new();

    [Fact]
    public void Coverlet_report_maps_file_ids_per_module_and_merges_files_across_modules()
    {
        var sink = ReportFixtures.Read(reader, "Coverage", "coverlet.opencover.xml");

        Assert.Equal(["/src/Shop.Core/Cart.cs", "/src/Shop.Core/Price.cs", "/src/Shop.Api/Program.cs"], sink.Files.Select(f => f.Path));
        Assert.Equal(
            new Dictionary<int, LineCoverage> { [10] = new(4), [11] = new(4, 1, 2), [12] = new(2), [20] = new(5) },
            RecordingSink.Lines(sink.File("/src/Shop.Core/Cart.cs")));
        Assert.Equal(new Dictionary<int, LineCoverage> { [5] = new(0), [6] = new(0) }, RecordingSink.Lines(sink.File("/src/Shop.Core/Price.cs")));
        Assert.Equal(new Dictionary<int, LineCoverage> { [1] = new(1) }, RecordingSink.Lines(sink.File("/src/Shop.Api/Program.cs")));
    }

    [Fact]
    public void Points_without_a_fileid_use_the_methods_file_ref()
    {
        var sink = ReportFixtures.ReadText(reader, """
            <CoverageSession><Modules><Module><Files><File uid="7" fullPath="C:\src\A.cs"/></Files>
            <Classes><Class><Methods><Method><FileRef uid="7"/>
            <SequencePoints><SequencePoint vc="2" sl="3"/></SequencePoints>
            <BranchPoints><BranchPoint vc="0" sl="4"/><BranchPoint vc="1" sl="4"/></BranchPoints>
            </Method></Methods></Class></Classes></Module></Modules></CoverageSession>
            """);

        Assert.Equal(new Dictionary<int, LineCoverage> { [3] = new(2), [4] = new(1, 1, 2) }, RecordingSink.Lines(sink.File(@"C:\src\A.cs")));
    }

    [Fact]
    public void A_point_naming_an_unlisted_file_is_an_error()
    {
        var error = ReportFixtures.ReadFails(reader, "<CoverageSession><Modules><Module><Files/>\n<Classes><Class><Methods><Method>\n<SequencePoints><SequencePoint vc=\"1\" sl=\"1\" fileid=\"9\"/></SequencePoints></Method></Methods></Class></Classes></Module></Modules></CoverageSession>");

        Assert.Equal(3, error.Line);
        Assert.Contains("file uid 9", error.Reason);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CoverageSession xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">", true)]
    [InlineData("<coverage line-rate=\"1\">", false)]
    public void Detects_opencover_from_its_root(string head, bool expected) =>
        Assert.Equal(expected, reader.CanRead(head));
}
