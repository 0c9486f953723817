using System.Text;
using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class LcovReaderTests
{
    private readonly LcovReader reader = new();

    [Fact]
    public void Lcov_2_tracefile_gives_hits_and_branches_per_line()
    {
        var sink = ReportFixtures.Read(reader, "Coverage", "lcov2.info");

        Assert.Equal(["/home/runner/work/shop/src/cart.c", "src/util.c"], sink.Files.Select(f => f.Path));
        Assert.Equal(
            new Dictionary<int, LineCoverage>
            {
                [3] = new(5),
                [4] = new(5, 2, 2),
                [5] = new(5, 1, 2),
                [6] = new(0),
                [8] = new(0, 0, 2),
                [11] = new(0),
                [12] = new(0),
            },
            RecordingSink.Lines(sink.File("/home/runner/work/shop/src/cart.c")));
        Assert.Equal(
            new Dictionary<int, LineCoverage> { [2] = new(7, 1, 2), [3] = new(7) },
            RecordingSink.Lines(sink.File("src/util.c")));
    }

    [Fact]
    public void Crlf_line_ends_a_byte_order_mark_and_blank_lines_read_the_same()
    {
        var text = File.ReadAllText(ReportFixtures.PathOf("Coverage", "lcov2.info"));
        var windows = "\uFEFF" + text.Replace("\n", "\r\n\r\n");

        var expected = ReportFixtures.ReadText(reader, text);
        var actual = ReportFixtures.ReadText(reader, windows);

        Assert.Equal(expected.Files.Select(f => f.Path), actual.Files.Select(f => f.Path));
        Assert.Equal(expected.Files.Select(RecordingSink.Lines), actual.Files.Select(RecordingSink.Lines));
    }

    [Fact]
    public void Each_record_reaches_the_sink_at_its_end_of_record()
    {
        var sink = new CountingSink();
        var lines = new[] { "SF:a.c", "DA:1,1", "end_of_record", "SF:b.c", "DA:1,0" };
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        var error = Assert.Throws<ReportReadException>(() => reader.Read(stream, "cut.info", sink, CancellationToken.None));

        Assert.Equal(1, sink.Files);
        Assert.Equal(5, error.Line);
        Assert.Contains("'b.c' (line 4) has no end_of_record", error.Reason);
    }

    [Fact]
    public void A_file_listed_twice_arrives_twice()
    {
        var sink = ReportFixtures.ReadText(reader, "SF:a.c\nDA:1,1\nend_of_record\nSF:a.c\nDA:1,2\nDA:2,0\nend_of_record\n");

        Assert.Equal(2, sink.Files.Count);
        Assert.All(sink.Files, f => Assert.Equal("a.c", f.Path));
        Assert.Equal(new LineCoverage(2), sink.Files[1].Lines[1]);
    }

    [Fact]
    public void Huge_and_negative_counts_clamp_and_line_zero_is_dropped()
    {
        var sink = ReportFixtures.ReadText(reader, "SF:a.c\nDA:0,4\nDA:1,18446744073709551615\nDA:2,-1\nBRDA:2,0,0,99999999999999999999\nend_of_record\n");

        Assert.Equal(
            new Dictionary<int, LineCoverage> { [1] = new(long.MaxValue), [2] = new(0, 1, 1) },
            RecordingSink.Lines(sink.Files[0]));
    }

    [Theory]
    [InlineData("SF:a.c\nDA:x,1\nend_of_record\n", 2, "DA: 'x' is not a line number")]
    [InlineData("SF:a.c\nDA:1,lots\nend_of_record\n", 2, "DA: 'lots' is not a hit count")]
    [InlineData("SF:a.c\nDA:1\nend_of_record\n", 2, "DA needs a line number and a hit count")]
    [InlineData("SF:a.c\nDA:1,1\nBRDA:1,0,0\nend_of_record\n", 3, "BRDA needs four fields")]
    [InlineData("SF:a.c\nBRDA:x,\nend_of_record\n", 2, "BRDA needs four fields")]
    [InlineData("SF:a.c\nBRDA:1,0,0,yes\nend_of_record\n", 2, "BRDA: 'yes' is not a taken count")]
    [InlineData("SF:a.c\nFNDA:x,main\nend_of_record\n", 2, "FNDA: 'x' is not a number")]
    [InlineData("SF:a.c\nFNA:0,many,main\nend_of_record\n", 2, "FNA: 'many' is not a number")]
    [InlineData("TN:\nDA:1,1\n", 2, "DA outside an SF record")]
    [InlineData("TN:\nend_of_record\n", 2, "end_of_record without an SF record")]
    [InlineData("SF:a.c\nSF:b.c\n", 2, "SF before the end_of_record of 'a.c'")]
    [InlineData("SF:a.c\nthis is prose\nend_of_record\n", 2, "not an lcov line")]
    [InlineData("SF:\nend_of_record\n", 1, "SF has no path")]
    [InlineData("# coverage\nSF:a.c\n", 1, "not an lcov tracefile")]
    public void Broken_lines_are_errors_naming_the_line(string text, int line, string message)
    {
        var error = ReportFixtures.ReadFails(reader, text, "coverage.info");

        Assert.Equal("coverage.info", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Reason);
    }

    [Fact]
    public void Unknown_keys_of_later_lcov_versions_are_skipped()
    {
        var sink = ReportFixtures.ReadText(reader, "TN:unit\nSF:a.c\nVER:abc\nMCDC:1,2,t,1,0,x\nDA:1,3\nend_of_record\n");

        Assert.Equal(new LineCoverage(3), Assert.Single(sink.Files).Lines[1]);
    }

    [Theory]
    [InlineData("TN:\nSF:a.c\n", true)]
    [InlineData("\n\n  SF:/src/a.c\n", true)]
    [InlineData("\uFEFFTN:", true)]
    [InlineData("<?xml version=\"1.0\"?>", false)]
    [InlineData("DA:1,1", false)]
    [InlineData("", false)]
    public void Detects_a_tracefile_from_its_first_line(string head, bool expected) =>
        Assert.Equal(expected, reader.CanRead(head));

    [Fact]
    public void Cancellation_stops_a_long_read()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var text = "SF:a.c\n" + string.Concat(Enumerable.Range(1, 10_000).Select(i => $"DA:{i},1\n")) + "end_of_record\n";

        Assert.Throws<OperationCanceledException>(() =>
            reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "a.info", new RecordingSink(), cancelled.Token));
    }

    private sealed class CountingSink : IReportSink
    {
        public int Files { get; private set; }

        public void OnBenchmark(BenchmarkResult benchmark) => throw new InvalidOperationException();

        public void OnCoverageFile(CoverageFile file) => Files++;

        public void OnTestCase(TestCaseResult testCase) => throw new InvalidOperationException();
    }
}
