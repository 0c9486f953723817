namespace Sluice.Quality.Reports.Coverage;

/// <summary>
/// Splits a byte stream into lines without decoding them, so a tracefile of hundreds of megabytes costs one buffer.
/// Lines end at LF; a CR before it and a UTF-8 byte-order mark at the start are dropped. A line longer than the
/// limit is an error rather than a reason to grow without bound (binary files seldom contain newlines).
/// </summary>
internal sealed class Utf8LineReader(Stream stream, string fileName, int maxLineLength)
{
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private int scanned;
    private bool endOfStream;

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = buffer.AsSpan(start + scanned, end - start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Take(start + scanned + newline, 1);
                return true;
            }

            scanned = end - start;
            if (endOfStream)
            {
                if (start == end)
                {
                    line = default;
                    return false;
                }

                line = Take(end, 0);
                return true;
            }

            if (end - start > maxLineLength)
            {
                throw new ReportReadException(fileName, LineNumber + 1, $"a line is longer than {maxLineLength} bytes; this is not a text report");
            }

            Fill();
        }
    }

    private ReadOnlySpan<byte> Take(int lineEnd, int terminatorLength)
    {
        var line = buffer.AsSpan(start, lineEnd - start);
        start = lineEnd + terminatorLength;
        scanned = 0;
        LineNumber++;
        if (LineNumber == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        return line.EndsWith((byte)'\r') ? line[..^1] : line;
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            endOfStream = true;
        }

        end += read;
    }
}
