using System.Diagnostics;
using System.Text;
using CsCheck;
using Sluice.Quality.Reports;
using Sluice.Quality.Reports.Coverage;

namespace Sluice.Quality.Tests.Coverage;

public sealed class LcovStreamingTests
{
    private static readonly string[] Fragments =
    [
        "TN:", "SF:", "DA:", "BRDA:", "FN:", "FNDA:", "FNL:", "FNA:", "LF:", "LH:", "BRF:", "BRH:", "end_of_record",
        "1", "0", "-1", "-", "42", "99999999999999999999", "2147483648", ",", ",,", "x", "a.c", " ", "\t", "\r", "\n", "\0", "é", ":",
    ];

    [Fact]
    public void A_120_MB_tracefile_streams_with_bounded_memory()
    {
        const long target = 120L * 1024 * 1024;
        var source = new GeneratedTracefile(target, linesPerRecord: 2000);
        var sink = new MeasuringSink();

        new LcovReader().Read(source, "huge.info", sink, CancellationToken.None);

        Assert.True(source.Position >= target, $"generated only {source.Position} bytes");
        Assert.Equal(source.Records, sink.Files);
        Assert.Equal(source.Records * 2000L, sink.Lines);
        Assert.Equal(source.Records * 100L, sink.Branches);
        Assert.True(sink.PeakLiveGrowth < 64L * 1024 * 1024, $"live memory grew by {sink.PeakLiveGrowth / 1024 / 1024} MB");
    }

    [Fact]
    public void Random_lines_yield_results_or_a_report_error_and_nothing_else() =>
        Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i]).Array[0, 60].Select(string.Concat).Sample(text =>
        {
            var sink = new RecordingSink();
            try
            {
                new LcovReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "random.info", sink, CancellationToken.None);
                Assert.All(sink.Files, f => Assert.All(f.Lines, l => Assert.True(l.Key > 0 && l.Value.Hits >= 0 && l.Value.BranchesCovered <= l.Value.BranchesTotal)));
            }
            catch (ReportReadException e)
            {
                Assert.Equal("random.info", e.File);
            }
        }, iter: 20_000);

    [Fact]
    public void Well_formed_random_records_read_back_exactly() =>
        Gen.Select(Gen.Int[1, 5000], Gen.Long[0, long.MaxValue], Gen.Int[0, 3]).Array[1, 40].Sample(lines =>
        {
            var text = new StringBuilder("TN:\nSF:f.c\n");
            foreach (var (line, hits, _) in lines)
            {
                text.Append($"DA:{line},{hits}\n");
            }

            text.Append("end_of_record\n");
            var file = Assert.Single(ReportFixtures.ReadText(new LcovReader(), text.ToString()).Files);

            var expected = lines.GroupBy(l => l.Item1).OrderBy(g => g.Key).Select(g => (g.Key, g.Aggregate(0L, (sum, l) => sum > long.MaxValue - l.Item2 ? long.MaxValue : sum + l.Item2)));
            Assert.Equal(expected, file.Lines.Select(l => (l.Key, l.Value.Hits)));
        });

    /// <summary>Counts what arrives and samples live memory (after a full collection) every few hundred files.</summary>
    private sealed class MeasuringSink : IReportSink
    {
        private readonly long baseline = GC.GetTotalMemory(forceFullCollection: true);

        public long Files { get; private set; }

        public long Lines { get; private set; }

        public long Branches { get; private set; }

        public long PeakLiveGrowth { get; private set; }

        public void OnCoverageFile(CoverageFile file)
        {
            Files++;
            Lines += file.Lines.Count;
            Branches += file.Lines.Values.Count(l => l.BranchesTotal > 0);
            if (Files % 500 == 0)
            {
                PeakLiveGrowth = Math.Max(PeakLiveGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        public void OnBenchmark(BenchmarkResult benchmark) => throw new InvalidOperationException();

        public void OnTestCase(TestCaseResult testCase) => throw new InvalidOperationException();
    }

    /// <summary>
    /// An lcov tracefile made on demand, record after record, until at least <paramref name="target"/> bytes:
    /// each record has <paramref name="linesPerRecord"/> DA lines and a pair of BRDA lines on every 20th line.
    /// </summary>
    private sealed class GeneratedTracefile(long target, int linesPerRecord) : Stream
    {
        private byte[] pending = [];
        private int pendingOffset;
        private long position;

        public long Records { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (pendingOffset == pending.Length)
            {
                if (position >= target)
                {
                    return 0;
                }

                pending = NextRecord();
                pendingOffset = 0;
            }

            var n = Math.Min(count, pending.Length - pendingOffset);
            pending.AsSpan(pendingOffset, n).CopyTo(buffer.AsSpan(offset));
            pendingOffset += n;
            position += n;
            return n;
        }

        // Record bodies repeat with the record number modulo 7, so making 300 MB costs almost nothing.
        private readonly byte[][] bodies = [.. Enumerable.Range(0, 7).Select(variant => Body(variant, linesPerRecord))];

        private byte[] NextRecord()
        {
            var record = Records++;
            var header = Encoding.UTF8.GetBytes($"TN:\nSF:/src/module{record % 97}/file{record}.c\n");
            return [.. header, .. bodies[record % 7]];
        }

        private static byte[] Body(int variant, int linesPerRecord)
        {
            var text = new StringBuilder(linesPerRecord * 16);
            for (var line = 1; line <= linesPerRecord; line++)
            {
                text.Append("DA:").Append(line).Append(',').Append((line + variant) % 7).Append('\n');
                if (line % 20 == 0)
                {
                    text.Append("BRDA:").Append(line).Append(",0,0,-\nBRDA:").Append(line).Append(",0,1,").Append(line % 3).Append('\n');
                }
            }

            text.Append("LF:").Append(linesPerRecord).Append("\nend_of_record\n");
            return Encoding.UTF8.GetBytes(text.ToString());
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
