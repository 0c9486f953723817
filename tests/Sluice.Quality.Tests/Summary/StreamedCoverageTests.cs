using Sluice.Quality.Reports;
using Sluice.Quality.Summary;

namespace Sluice.Quality.Tests.Summary;

/// <summary>Coverage written as it is read: two passes over lcov as a tool would write it, one source file in two records.</summary>
public sealed class StreamedCoverageTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("sluice-streamed-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_file_listed_once_is_written_as_it_comes_and_a_repeated_one_merged_at_the_end_with_the_same_counts()
    {
        var first = Write("unit.info", "TN:\nSF:/repo/src/cart.ts\nDA:1,1\nDA:2,0\nBRDA:2,0,0,0\nBRDA:2,0,1,1\nend_of_record\nSF:/repo/src/tax.ts\nDA:5,3\nend_of_record\n");
        var second = Write("e2e.info", "TN:\nSF:/repo/src/./cart.ts\nDA:2,4\nDA:3,0\nend_of_record\nSF:/repo/src/api.ts\nDA:1,0\nend_of_record\n");
        var written = new List<(string Path, List<(int Line, long Hits)> Lines)>();

        var paths = new CoveragePathCounter();
        Read(paths, first, second);
        var coverage = new StreamedCoverage(paths.Repeated, (path, lines) => written.Add((path, [.. lines.Select(l => (l.Line, l.Coverage.Hits))])));
        Read(coverage, first, second);
        Assert.Equal(["/repo/src/tax.ts", "/repo/src/api.ts"], written.Select(w => w.Path));
        var counts = coverage.Finish();

        Assert.Equal(["/repo/src/tax.ts", "/repo/src/api.ts", "/repo/src/cart.ts"], written.Select(w => w.Path));
        Assert.Equal([(1, 1L), (2, 4L), (3, 0L)], written[2].Lines);

        var merged = new QualitySummaryBuilder();
        Read(merged, first, second);
        var expected = merged.Build([new ReportFileInfo(first, ReportFormat.Lcov)]).Coverage!;
        Assert.Equal(
            (expected.LinesCovered, expected.LinesValid, expected.BranchesCovered, expected.BranchesValid),
            (counts.LinesCovered, counts.LinesValid, counts.BranchesCovered, counts.BranchesValid));
        Assert.Equal((3L, 5L, 1L, 2L), (counts.LinesCovered, counts.LinesValid, counts.BranchesCovered, counts.BranchesValid));
    }

    private static void Read(IReportSink sink, params string[] files)
    {
        foreach (var file in files)
        {
            ReportReaders.ReadFile(file, sink, CancellationToken.None);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
