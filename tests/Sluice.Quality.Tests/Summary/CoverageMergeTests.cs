using System.Globalization;
using System.Text;
using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Quality.Tests.Summary;

/// <summary>
/// Coverage from several reports, as a multi-project .NET solution produces it: coverlet writes each test project's
/// report relative to the deepest folder its covered files share, so one source file has a different filename in
/// each report that covers it. It must count once, covered where any report covers it.
/// </summary>
public sealed class CoverageMergeTests : IDisposable
{
    private const string EngineFile = "/work/main/src/Sluice.Containers/Client/Engine.cs";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("sluice-merge-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_file_two_reports_name_relative_to_different_sources_is_counted_once()
    {
        // The project's own tests: only Sluice.Containers is covered, so the root is its folder.
        var containersTests = Write("containers.xml", "/work/main/src/Sluice.Containers/",
            ("Client/Engine.cs", [(1, 3, ""), (2, 3, "50% (1/2)"), (3, 0, ""), (4, 0, "")]));

        // Another test project that covers Sluice.Engine too: the shared root is src/.
        var engineTests = Write("engine.xml", "/work/main/src/",
            ("Sluice.Containers/Client/Engine.cs", [(1, 0, ""), (2, 1, "100% (2/2)"), (3, 5, ""), (4, 0, "")]),
            ("Sluice.Engine/Run.cs", [(10, 1, ""), (11, 0, "")]));

        var summary = Read(containersTests, engineTests);

        var coverage = summary.Coverage!;
        Assert.Equal([EngineFile, "/work/main/src/Sluice.Engine/Run.cs"], coverage.Files.Select(f => f.Path));
        Assert.Equal(6, coverage.LinesValid);
        Assert.Equal(4, coverage.LinesCovered);
        Assert.Equal(2, coverage.BranchesValid);
        Assert.Equal(2, coverage.BranchesCovered);
        var engine = coverage.Files[0].Lines;
        Assert.Equal([3L, 4, 5, 0], engine.Select(l => l.Coverage.Hits));
    }

    [Fact]
    public void The_order_the_reports_are_read_in_does_not_change_the_figures()
    {
        var a = Write("a.xml", "/repo/src/Shop/", ("Cart.cs", [(1, 1, ""), (2, 0, "0% (0/2)")]));
        var b = Write("b.xml", "/repo/src/", ("Shop/Cart.cs", [(1, 0, ""), (2, 2, "50% (1/2)")]), ("Api/Program.cs", [(1, 0, "")]));

        var forward = Read(a, b).Coverage!;
        var backward = Read(b, a).Coverage!;

        Assert.Equal((2L, 3L, 1L, 2L), (forward.LinesCovered, forward.LinesValid, forward.BranchesCovered, forward.BranchesValid));
        Assert.Equal((forward.LinesCovered, forward.LinesValid, forward.BranchesCovered, forward.BranchesValid), (backward.LinesCovered, backward.LinesValid, backward.BranchesCovered, backward.BranchesValid));
    }

    [Fact]
    public void The_same_report_read_twice_changes_no_figure()
    {
        // dotnet test --logger trx copies each coverage attachment beside the TRX file: a glob finds both.
        var report = Write("coverage.xml", "/repo/src/", ("Shop/Cart.cs", [(1, 1, ""), (2, 0, ""), (3, 4, "50% (1/2)")]));
        var copy = Path.Combine(_temp.FullName, "In", "vm", "coverage.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(report, copy);

        var once = Read(report).Coverage!;
        var twice = Read(report, copy).Coverage!;

        Assert.Equal((2L, 3L, 1L, 2L), (once.LinesCovered, once.LinesValid, once.BranchesCovered, once.BranchesValid));
        Assert.Equal((once.LinesCovered, once.LinesValid, once.BranchesCovered, once.BranchesValid), (twice.LinesCovered, twice.LinesValid, twice.BranchesCovered, twice.BranchesValid));
    }

    [Fact]
    public void Files_from_other_formats_merge_whatever_their_spelling()
    {
        var lcov = Path.Combine(_temp.FullName, "lcov.info");
        File.WriteAllText(lcov, "SF:./src/cart.ts\nDA:1,1\nDA:2,0\nend_of_record\n");
        var windows = Path.Combine(_temp.FullName, "lcov2.info");
        File.WriteAllText(windows, "SF:src\\cart.ts\nDA:2,3\nend_of_record\n");

        var coverage = Read(lcov, windows).Coverage!;

        var file = Assert.Single(coverage.Files);
        Assert.Equal("src/cart.ts", file.Path);
        Assert.Equal((2L, 2L), (coverage.LinesCovered, coverage.LinesValid));
    }

    private static QualitySummary Read(params string[] files)
    {
        var sink = new QualitySummaryBuilder();
        var infos = files.Select(f => new ReportFileInfo(f, ReportReaders.ReadFile(f, sink, CancellationToken.None).Format)).ToList();
        return sink.Build(infos);
    }

    /// <summary>A report as coverlet writes it: one source root, filenames relative to it, branch lines with condition-coverage.</summary>
    private string Write(string name, string source, params (string File, (int Line, int Hits, string Conditions)[] Lines)[] classes)
    {
        var xml = new StringBuilder($"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<coverage line-rate=\"0\" branch-rate=\"0\" version=\"1.9\">\n  <sources>\n    <source>{source}</source>\n  </sources>\n  <packages><package name=\"p\"><classes>\n");
        foreach (var (file, lines) in classes)
        {
            xml.Append(CultureInfo.InvariantCulture, $"    <class name=\"C\" filename=\"{file}\"><methods/><lines>\n");
            foreach (var (line, hits, conditions) in lines)
            {
                var branch = conditions.Length == 0 ? "branch=\"False\"" : $"branch=\"True\" condition-coverage=\"{conditions}\"";
                xml.Append(CultureInfo.InvariantCulture, $"      <line number=\"{line}\" hits=\"{hits}\" {branch}/>\n");
            }

            xml.Append("    </lines></class>\n");
        }

        xml.Append("  </classes></package></packages>\n</coverage>\n");
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, xml.ToString());
        return path;
    }
}
