using System.Diagnostics;
using System.Text;
using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class HostileCoverageTests
{
    public static TheoryData<string> XmlReaders => ["cobertura", "jacoco", "opencover"];

    public static TheoryData<string> AllReaders => ["cobertura", "jacoco", "opencover", "lcov"];

    [Theory]
    [MemberData(nameof(XmlReaders))]
    public void An_external_entity_never_reads_a_local_file(string format)
    {
        var (root, body) = Shape(format, "&xxe;");
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            {body}
            """;
        var sink = new RecordingSink();

        var error = Record.Exception(() => Reader(format).Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "xxe.xml", sink, CancellationToken.None));

        Assert.IsType<ReportReadException>(error);
        Assert.DoesNotContain("root:", error.Message);
        Assert.DoesNotContain(sink.Files, f => f.Path.Contains("root:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(XmlReaders))]
    public void Billion_laughs_fails_fast_with_a_clear_error(string format)
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var (root, body) = Shape(format, "&lol9;");
        var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [{entities}]>\n{body}";

        var error = Assert.Throws<ReportReadException>(() => Reader(format).Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "laughs.xml", new RecordingSink(), CancellationToken.None));

        Assert.Equal("laughs.xml", error.File);
        Assert.Contains("lol9", error.Reason);
    }

    [Theory]
    [MemberData(nameof(AllReaders))]
    public void An_empty_file_is_an_error(string format)
    {
        var error = ReportFixtures.ReadFails(Reader(format), [], "empty");

        Assert.Equal("empty", error.File);
        Assert.Contains("empty", error.Reason);
    }

    [Theory]
    [MemberData(nameof(AllReaders))]
    public void Binary_garbage_is_an_error(string format)
    {
        var bytes = new byte[256 * 1024];
        new Random(20261125).NextBytes(bytes);

        var error = ReportFixtures.ReadFails(Reader(format), bytes, "garbage.bin");

        Assert.Equal("garbage.bin", error.File);
    }

    [Fact]
    public void A_huge_line_without_a_newline_is_refused_without_reading_it_all()
    {
        var stream = new RepeatingStream("SF:"u8.ToArray(), (byte)'a', 200L * 1024 * 1024);

        var error = Assert.Throws<ReportReadException>(() => new LcovReader().Read(stream, "long.info", new RecordingSink(), CancellationToken.None));

        Assert.Equal(1, error.Line);
        Assert.Contains("longer than", error.Reason);
        Assert.True(stream.Position < 4 * 1024 * 1024, $"read {stream.Position} bytes");
    }

    [Theory]
    [InlineData("jacoco", "jacoco.xml")]
    [InlineData("opencover", "coverlet.opencover.xml")]
    [InlineData("lcov", "lcov2.info")]
    public void A_truncated_fixture_is_an_error_naming_a_line(string format, string fixture)
    {
        var bytes = File.ReadAllBytes(ReportFixtures.PathOf("Coverage", fixture));

        var error = ReportFixtures.ReadFails(Reader(format), bytes[..(bytes.Length / 2)], fixture);

        Assert.Equal(fixture, error.File);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("cobertura", "lcov2.info")]
    [InlineData("jacoco", "coverlet.cobertura.xml")]
    [InlineData("opencover", "jacoco.xml")]
    [InlineData("lcov", "coverlet.opencover.xml")]
    public void Another_format_is_an_error_naming_the_file(string format, string fixture)
    {
        var error = ReportFixtures.ReadFails(Reader(format), File.ReadAllBytes(ReportFixtures.PathOf("Coverage", fixture)), fixture);

        Assert.Equal(fixture, error.File);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("cobertura", "coverlet.cobertura.xml")]
    [InlineData("jacoco", "jacoco.xml")]
    [InlineData("opencover", "coverlet.opencover.xml")]
    [InlineData("lcov", "lcov2.info")]
    public void Each_reader_detects_its_own_fixture_and_only_it(string format, string fixture)
    {
        var head = File.ReadAllText(ReportFixtures.PathOf("Coverage", fixture));
        string[] readers = ["cobertura", "jacoco", "opencover", "lcov"];

        Assert.Equal([format], readers.Where(f => Reader(f).CanRead(head)));
    }

    private static IReportReader Reader(string format) => format switch
    {
        "cobertura" => new CoberturaReader(),
        "jacoco" => new JaCoCoReader(),
        "opencover" => new OpenCoverReader(),
        "lcov" => new LcovReader(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    // A minimal report of the format whose one file path is the given text.
    private static (string Root, string Body) Shape(string format, string path) => format switch
    {
        "cobertura" => ("coverage", $"<coverage line-rate=\"1\"><packages><package name=\"p\"><classes><class name=\"c\" filename=\"{path}\"><lines><line number=\"1\" hits=\"1\"/></lines></class></classes></package></packages></coverage>"),
        "jacoco" => ("report", $"<report name=\"r\"><package name=\"p\"><sourcefile name=\"{path}\"><line nr=\"1\" mi=\"0\" ci=\"1\" mb=\"0\" cb=\"0\"/></sourcefile></package></report>"),
        _ => ("CoverageSession", $"<CoverageSession><Modules><Module><Files><File uid=\"1\" fullPath=\"{path}\"/></Files><Classes><Class><Methods><Method><SequencePoints><SequencePoint vc=\"1\" sl=\"1\" fileid=\"1\"/></SequencePoints></Method></Methods></Class></Classes></Module></Modules></CoverageSession>"),
    };

    /// <summary>A prefix and then one byte repeated: a file with no line end, never held in memory.</summary>
    private sealed class RepeatingStream(byte[] prefix, byte filler, long length) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                var at = position + i;
                buffer[offset + i] = at < prefix.Length ? prefix[at] : filler;
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
