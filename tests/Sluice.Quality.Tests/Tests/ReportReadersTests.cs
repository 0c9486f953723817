using System.Text;
using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

public sealed class ReportReadersTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-reports-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("junit-ant.xml", ReportFormat.JUnit, 4)]
    [InlineData("junit-surefire.xml", ReportFormat.JUnit, 5)]
    [InlineData("junit-pytest-xunit1.xml", ReportFormat.JUnit, 4)]
    [InlineData("junit-go.xml", ReportFormat.JUnit, 4)]
    [InlineData("junit-jest.xml", ReportFormat.JUnit, 3)]
    [InlineData("junit-phpunit.xml", ReportFormat.JUnit, 4)]
    [InlineData("trx-2010.trx", ReportFormat.Trx, 7)]
    [InlineData("trx-2006.trx", ReportFormat.Trx, 2)]
    [InlineData("nunit2.xml", ReportFormat.NUnit2, 5)]
    [InlineData("nunit3.xml", ReportFormat.NUnit3, 6)]
    [InlineData("xunit2.xml", ReportFormat.XUnit2, 5)]
    public void ReadFile_detects_the_format_and_reads_every_case(string fixture, ReportFormat format, int count)
    {
        var sink = new TestCaseSink();

        var reader = ReportReaders.ReadFile(PathOf(fixture), sink, CancellationToken.None);

        Assert.Equal(format, reader.Format);
        Assert.Equal(count, sink.Cases.Count);
    }

    [Fact]
    public void Every_reader_is_registered_once_per_format()
    {
        var formats = ReportReaders.All.Select(r => r.Format).ToList();

        Assert.Equal(formats.Distinct().Count(), formats.Count);
        Assert.Subset(formats.ToHashSet(), new HashSet<ReportFormat> { ReportFormat.JUnit, ReportFormat.Trx, ReportFormat.NUnit2, ReportFormat.NUnit3, ReportFormat.XUnit2 });
    }

    [Fact]
    public void A_byte_order_mark_and_a_multibyte_character_cut_at_the_head_boundary_do_not_stop_detection()
    {
        // "é" is two bytes in UTF-8; the padding puts its first byte last in the 8 KB head.
        var prefix = "<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuite name=\"s\"><testcase name=\"";
        var padding = new string('a', ReportReaders.HeadBytes - 3 - Encoding.UTF8.GetByteCount(prefix) - 1);
        var text = prefix + padding + "é\"/></testsuite>";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        Assert.Equal(0xC3, bytes[ReportReaders.HeadBytes - 1]);
        var sink = new TestCaseSink();

        var reader = ReportReaders.ReadFile(Write("bom.xml", bytes), sink, CancellationToken.None);

        Assert.Equal(ReportFormat.JUnit, reader.Format);
        Assert.EndsWith("aé", Assert.Single(sink.Cases).Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_UTF16_report_is_detected()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?><testsuite name=\"s\"><testcase name=\"t\"/></testsuite>")).ToArray();
        var sink = new TestCaseSink();

        ReportReaders.ReadFile(Write("utf16.xml", bytes), sink, CancellationToken.None);

        Assert.Equal("t", Assert.Single(sink.Cases).Name);
    }

    [Fact]
    public void A_file_that_is_no_known_report_names_the_formats_this_version_reads()
    {
        var path = Write("notes.xml", Encoding.UTF8.GetBytes("<html><body>hello</body></html>"));

        var error = Assert.Throws<ReportReadException>(() => ReportReaders.ReadFile(path, new TestCaseSink(), CancellationToken.None));

        Assert.Equal(path, error.File);
        Assert.Null(error.Line);
        Assert.Contains("not a test, coverage or benchmark report this version reads; expected JUnit, TRX, NUnit, xUnit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_a_clear_error()
    {
        var path = Write("empty.xml", []);

        var error = Assert.Throws<ReportReadException>(() => ReportReaders.ReadFile(path, new TestCaseSink(), CancellationToken.None));

        Assert.Equal($"{path}: the file is empty; expected a test, coverage or benchmark report", error.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var path = Path.Combine(_directory, "absent.xml");

        var error = Assert.Throws<ReportReadException>(() => ReportReaders.ReadFile(path, new TestCaseSink(), CancellationToken.None));

        Assert.Equal($"{path}: no such file", error.Message);
    }

    [Fact]
    public void Detect_returns_null_for_text_that_is_not_a_report() => Assert.Null(ReportReaders.Detect("just some text"));
}
