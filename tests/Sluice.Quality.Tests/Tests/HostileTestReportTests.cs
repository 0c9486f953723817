using System.Diagnostics;
using System.Text;
using Sluice.Quality.Reports;
using static Sluice.Quality.Tests.TestReports.TestReportFixtures;

namespace Sluice.Quality.Tests.TestReports;

public sealed class HostileTestReportTests
{
    private const long MegaByte = 1024 * 1024;

    private static readonly IReportReader[] XmlReaders = [new JUnitReader(), new TrxReader(), new NUnit2Reader(), new NUnit3Reader(), new XUnit2Reader()];

    public static TheoryData<string> ReaderNames() => [.. XmlReaders.Select(r => r.GetType().Name)];

    private static IReportReader ReaderNamed(string name) => XmlReaders.Single(r => r.GetType().Name == name);

    // The root each reader expects, so that a hostile document gets past the root check.
    private static string Root(string readerName) => readerName switch
    {
        nameof(JUnitReader) => "testsuite",
        nameof(TrxReader) => "TestRun",
        nameof(NUnit2Reader) => "test-results",
        nameof(NUnit3Reader) => "test-run",
        _ => "assemblies",
    };

    private static string Case(string readerName, string text) => readerName switch
    {
        nameof(JUnitReader) => $"<testcase name=\"{text}\"><failure>{text}</failure></testcase>",
        nameof(TrxReader) => $"<Results><UnitTestResult testName=\"{text}\" outcome=\"Failed\"><Output><ErrorInfo><Message>{text}</Message></ErrorInfo></Output></UnitTestResult></Results>",
        nameof(XUnit2Reader) => $"<assembly name=\"a.dll\"><collection><test name=\"{text}\" type=\"T\" result=\"Fail\"><failure><message>{text}</message></failure></test></collection></assembly>",
        _ => $"<test-suite name=\"s\"><results><test-case name=\"{text}\" result=\"Failed\"><failure><message>{text}</message></failure></test-case></results></test-suite>",
    };

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void An_external_entity_never_reads_the_local_file(string readerName)
    {
        var root = Root(readerName);
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE {root} [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <{root} xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">{Case(readerName, "&e;")}</{root}>
            """;
        var sink = new TestCaseSink();

        var error = Record.Exception(() => ReaderNamed(readerName).Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "xxe.xml", sink, CancellationToken.None));

        var everything = string.Join("\n", sink.Cases.Select(c => $"{c.Name} {c.Message}")) + error?.Message;
        Assert.DoesNotContain("root:", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("/bin/", everything, StringComparison.Ordinal);
        var readError = Assert.IsType<ReportReadException>(error);
        Assert.Equal(3, readError.Line);
    }

    [Fact]
    public void An_external_DTD_is_not_fetched()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"sluice-xxe-{Guid.NewGuid():N}.dtd");
        File.WriteAllText(secret, "<!ENTITY leak \"SECRET-FROM-DISK\">");
        try
        {
            var xml = $"""<?xml version="1.0"?><!DOCTYPE testsuite SYSTEM "{new Uri(secret)}"><testsuite name="s"><testcase name="a"><failure>&leak;</failure></testcase></testsuite>""";

            var error = Assert.Throws<ReportReadException>(() => ReadText(new JUnitReader(), xml));

            Assert.DoesNotContain("SECRET-FROM-DISK", error.Message, StringComparison.Ordinal);
            Assert.Contains("leak", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void An_external_DTD_with_no_entity_use_is_ignored_and_the_report_read()
    {
        var xml = """<?xml version="1.0"?><!DOCTYPE testsuite SYSTEM "http://example.invalid/junit.dtd"><testsuite name="s"><testcase name="a"/></testsuite>""";

        Assert.Equal("a", Assert.Single(ReadText(new JUnitReader(), xml)).Name);
    }

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void Billion_laughs_fails_fast_with_a_clear_error(string readerName)
    {
        var root = Root(readerName);
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE {root} [{entities}]>
            <{root} xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">{Case(readerName, "&lol9;")}</{root}>
            """;
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ReportReadException>(() => ReadText(ReaderNamed(readerName), xml, "lol.xml"));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 * MegaByte, "reading the entity bomb allocated more than 16 MB");
        Assert.Equal(("lol.xml", 3), (error.File, error.Line));
        Assert.Contains("lol9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("junit-surefire.xml")]
    [InlineData("trx-2010.trx")]
    [InlineData("nunit3.xml")]
    [InlineData("nunit2.xml")]
    [InlineData("xunit2.xml")]
    public void A_truncated_file_is_an_error_naming_the_file_and_a_line(string fixture)
    {
        var text = File.ReadAllText(PathOf(fixture));
        var cut = text[..(text.Length * 2 / 3)];
        var path = Path.Combine(Path.GetTempPath(), $"sluice-cut-{Guid.NewGuid():N}-{fixture}");
        File.WriteAllText(path, cut);
        try
        {
            var sink = new TestCaseSink();
            var error = Assert.Throws<ReportReadException>(() => ReportReaders.ReadFile(path, sink, CancellationToken.None));

            Assert.Equal(path, error.File);
            Assert.NotNull(error.Line);
            Assert.InRange(error.Line.Value, 2, cut.Count(c => c == '\n') + 1);
            Assert.StartsWith($"{path}:{error.Line}: not well-formed XML", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void Empty_input_is_a_clear_error_from_every_reader(string readerName)
    {
        var error = Assert.Throws<ReportReadException>(() => ReadBytes(ReaderNamed(readerName), [], "empty.xml"));

        Assert.Equal("empty.xml: the file is empty; expected an XML report", error.Message);
    }

    [Fact]
    public void Binary_garbage_is_not_detected_as_any_report()
    {
        var bytes = new byte[64 * 1024];
        new Random(42).NextBytes(bytes);
        var path = Path.Combine(Path.GetTempPath(), $"sluice-garbage-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, bytes);
        try
        {
            var error = Assert.Throws<ReportReadException>(() => ReportReaders.ReadFile(path, new TestCaseSink(), CancellationToken.None));

            Assert.Contains("not a test, coverage or benchmark report", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void Binary_garbage_given_straight_to_a_reader_is_a_read_error(string readerName)
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);

        Assert.Throws<ReportReadException>(() => ReadBytes(ReaderNamed(readerName), bytes, "garbage.bin"));
    }

    [Fact]
    public void Invalid_UTF8_inside_a_report_is_an_error_with_its_line()
    {
        var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"s\">\n<testcase name=\"");
        var tail = Encoding.UTF8.GetBytes("\"/>\n</testsuite>\n");
        byte[] bytes = [.. head, 0xFF, 0xFE, 0xC3, .. tail];

        var error = Assert.Throws<ReportReadException>(() => ReadBytes(new JUnitReader(), bytes, "bad.xml"));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_120_MB_report_streams_in_bounded_memory()
    {
        using var stream = new GeneratedJUnitStream(120 * MegaByte);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        var peakBefore = process.PeakWorkingSet64;
        long highestHeap = 0;
        var sink = new CountingSink(_ =>
        {
            highestHeap = Math.Max(highestHeap, GC.GetTotalMemory(forceFullCollection: false));
        });

        new JUnitReader().Read(stream, "generated.xml", sink, CancellationToken.None);

        process.Refresh();
        Assert.True(stream.BytesWritten >= 120 * MegaByte);
        Assert.Equal(stream.CasesWritten, sink.Count);
        Assert.Equal(stream.FailuresWritten, sink.Failed);
        Assert.Equal(TestCaseResult.MaxMessageLength, sink.LongestMessage);
        Assert.True(highestHeap - baseline < 150 * MegaByte, $"managed heap grew by {(highestHeap - baseline) / MegaByte} MB");
        Assert.True(process.PeakWorkingSet64 - peakBefore < 150 * MegaByte, $"peak working set grew by {(process.PeakWorkingSet64 - peakBefore) / MegaByte} MB");
    }

    [Fact]
    public void Reading_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        using var stream = new GeneratedJUnitStream(80 * MegaByte);
        var sink = new CountingSink(_ => cancellation.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(() => new JUnitReader().Read(stream, "generated.xml", sink, cancellation.Token));
        Assert.Equal(1, sink.Count);
    }
}
