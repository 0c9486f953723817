namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// A stream read once from start to end whose length is known beforehand (a blob as a store reads it back, an upload
/// as a test or a benchmark makes it): everything else a <see cref="Stream"/> may do is refused.
/// </summary>
public abstract class ReadOnlyForwardStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    /// <summary>How many bytes have been read.</summary>
    public override long Position
    {
        get => ReadSoFar;
        set => throw new NotSupportedException();
    }

    protected long ReadSoFar { get; set; }

    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
