using System.Buffers.Binary;

namespace Sluice.Containers;

/// <summary>Which stream a piece of a container's output was written to.</summary>
internal enum OutputStream
{
    Stdout,
    Stderr,
}

/// <summary>
/// Reads Docker's multiplexed output stream (exec output and logs of a container without a TTY): frames of an
/// 8-byte header [stream, 0, 0, 0, length as big-endian uint32] and then that many bytes. The stream byte is 1 for
/// standard output, 2 for standard error (0, standard input echoed, counts as output).
/// </summary>
internal static class StreamDemultiplexer
{
    public const int BufferSize = 16 * 1024;
    private const int HeaderSize = 8;

    /// <summary>
    /// Hands each piece of payload to <paramref name="sink"/> as it arrives (a frame larger than the buffer comes in
    /// several pieces), until the stream ends. A stream that does not start with a frame header (a container with a
    /// TTY writes raw output) is passed on whole as standard output.
    /// </summary>
    public static async Task PumpAsync(Stream source, Action<OutputStream, ReadOnlySpan<byte>> sink, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        var buffer = new byte[BufferSize];
        var first = true;
        while (true)
        {
            var got = await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return;
            }

            if (first)
            {
                first = false;
                if (got < HeaderSize || !IsHeader(header))
                {
                    sink(OutputStream.Stdout, header.AsSpan(0, got));
                    await CopyRawAsync(source, buffer, sink, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            if (got < HeaderSize)
            {
                // The engine closed the stream inside a header: nothing more will come.
                return;
            }

            var stream = header[0] == 2 ? OutputStream.Stderr : OutputStream.Stdout;
            long remaining = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            while (remaining > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(remaining, buffer.Length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                sink(stream, buffer.AsSpan(0, read));
                remaining -= read;
            }
        }
    }

    private static bool IsHeader(ReadOnlySpan<byte> header) => header[0] <= 2 && header[1] == 0 && header[2] == 0 && header[3] == 0;

    private static async Task CopyRawAsync(Stream source, byte[] buffer, Action<OutputStream, ReadOnlySpan<byte>> sink, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            sink(OutputStream.Stdout, buffer.AsSpan(0, read));
        }
    }
}
