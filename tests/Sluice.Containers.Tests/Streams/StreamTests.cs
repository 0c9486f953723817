using System.Buffers.Binary;
using System.Text;

namespace Sluice.Containers.Tests;

public sealed class StreamTests
{
    private static byte[] Frame(int stream, string text) => Frame(stream, Encoding.UTF8.GetBytes(text));

    private static byte[] Frame(int stream, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a slow socket would.</summary>
    private sealed class TricklingStream(byte[] data, int piece) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(piece, buffer.Length)], cancellationToken);
    }

    private static async Task<(List<string> Stdout, List<string> Stderr)> LinesAsync(Stream stream)
    {
        List<string> stdout = [];
        List<string> stderr = [];
        var outLines = new LineAssembler(stdout.Add);
        var errLines = new LineAssembler(stderr.Add);
        await StreamDemultiplexer.PumpAsync(stream, (kind, bytes) => (kind == OutputStream.Stderr ? errLines : outLines).Append(bytes), CancellationToken.None).Timed();
        outLines.Complete();
        errLines.Complete();
        return (stdout, stderr);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(4096)]
    public async Task Frames_split_anywhere_give_the_same_lines(int piece)
    {
        var utf8 = Encoding.UTF8.GetBytes("grüße ✓\n");
        byte[] data = [.. Frame(1, "hel"), .. Frame(2, "warn"), .. Frame(1, "lo\nwor"), .. Frame(1, utf8[..3]), .. Frame(2, "ing\r\n"), .. Frame(1, utf8[3..]), .. Frame(1, "ld")];

        var (stdout, stderr) = await LinesAsync(new TricklingStream(data, piece));

        Assert.Equal(["hello", "wor" + "grüße ✓", "ld"], stdout);
        Assert.Equal(["warning"], stderr);
    }

    [Fact]
    public async Task Empty_lines_and_empty_frames_are_kept_as_written()
    {
        byte[] data = [.. Frame(1, "\n"), .. Frame(1, ""), .. Frame(1, "a\n\nb\n")];

        var (stdout, _) = await LinesAsync(new MemoryStream(data));

        Assert.Equal(["", "a", "", "b"], stdout);
    }

    [Fact]
    public async Task A_stream_without_frame_headers_is_raw_output_from_a_tty()
    {
        var (stdout, stderr) = await LinesAsync(new MemoryStream(Encoding.UTF8.GetBytes("plain text\nfrom a tty")));

        Assert.Equal(["plain text", "from a tty"], stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_frame_delivers_what_arrived()
    {
        var data = Frame(1, "complete\nhalf of a long line");

        var (stdout, _) = await LinesAsync(new MemoryStream(data[..^5]));

        Assert.Equal(["complete", "half of a long"], stdout);
    }

    [Fact]
    public void A_line_without_newlines_is_cut_at_the_maximum_length()
    {
        List<string> lines = [];
        var assembler = new LineAssembler(lines.Add);
        var chunk = Encoding.UTF8.GetBytes(new string('x', 1000));

        for (var i = 0; i < 2500; i++)
        {
            assembler.Append(chunk);
        }

        assembler.Complete();
        Assert.Equal([LineAssembler.MaxLineChars, LineAssembler.MaxLineChars, 2_500_000 - (2 * LineAssembler.MaxLineChars)], lines.Select(l => l.Length));
    }
}
