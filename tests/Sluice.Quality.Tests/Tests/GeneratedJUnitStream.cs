using System.Globalization;
using System.Text;

namespace Sluice.Quality.Tests.TestReports;

/// <summary>
/// A JUnit report of a given size made up as it is read, never held or written to disk: cases with 1 KB of
/// system-out each, every tenth failing with a message longer than the limit, and one case whose output and
/// failure text run to tens of megabytes.
/// </summary>
internal sealed class GeneratedJUnitStream : Stream
{
    private const int GiantOutputBytes = 48 * 1024 * 1024;
    private const int GiantFailureBytes = 16 * 1024 * 1024;

    private static readonly byte[] Output = Encoding.UTF8.GetBytes(new string('o', 1000));
    private static readonly byte[] LongMessage = Encoding.UTF8.GetBytes(new string('m', 6000));
    private static readonly byte[] Block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line of output &amp; more\n", 2600)));

    private readonly long _targetBytes;
    private readonly IEnumerator<ReadOnlyMemory<byte>> _chunks;
    private ReadOnlyMemory<byte> _current;

    public GeneratedJUnitStream(long targetBytes)
    {
        _targetBytes = targetBytes;
        _chunks = Chunks().GetEnumerator();
    }

    /// <summary>Cases written so far; the total once the stream is read to the end.</summary>
    public long CasesWritten { get; private set; }

    /// <summary>Failing cases written so far.</summary>
    public long FailuresWritten { get; private set; }

    public long BytesWritten { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_current.IsEmpty)
        {
            if (!_chunks.MoveNext())
            {
                return 0;
            }

            _current = _chunks.Current;
        }

        var n = Math.Min(count, _current.Length);
        _current.Span[..n].CopyTo(buffer.AsSpan(offset, n));
        _current = _current[n..];
        BytesWritten += n;
        return n;
    }

    private IEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        yield return Utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"generated\">\n");

        yield return Utf8("<testcase classname=\"gen.Giant\" name=\"giant\" time=\"1\"><system-out>");
        for (var written = 0; written < GiantOutputBytes; written += Block.Length)
        {
            yield return Block;
        }

        yield return Utf8("</system-out><failure type=\"Giant\">");
        for (var written = 0; written < GiantFailureBytes; written += Block.Length)
        {
            yield return Block;
        }

        yield return Utf8("</failure></testcase>\n");
        CasesWritten++;
        FailuresWritten++;

        while (BytesWritten < _targetBytes)
        {
            var i = CasesWritten;
            var failing = i % 10 == 0;
            yield return Utf8(string.Create(CultureInfo.InvariantCulture, $"<testcase classname=\"gen.Class{i % 100}\" name=\"case{i}\" time=\"0.001\"><system-out>"));
            yield return Output;
            if (failing)
            {
                yield return Utf8("</system-out><failure>");
                yield return LongMessage;
                yield return Utf8("</failure></testcase>\n");
                FailuresWritten++;
            }
            else
            {
                yield return Utf8("</system-out></testcase>\n");
            }

            CasesWritten++;
        }

        yield return Utf8("</testsuite>\n</testsuites>\n");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
