namespace Sluice.Server.Storage.Tests;

/// <summary>
/// An upload that stops at a point: it waits there until <see cref="Release"/> (a writer caught midway), or fails there
/// with an <see cref="IOException"/> (a client that went away).
/// </summary>
public sealed class GatedStream(byte[] content, int pauseAt, bool fail = false) : Sluice.Server.Storage.Blobs.ReadOnlyForwardStream
{
    private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int position;

    /// <summary>Completes when the reader has reached the pause.</summary>
    public Task Paused => paused.Task;

    public override long Length => content.Length;

    public void Release() => released.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position == pauseAt)
        {
            paused.TrySetResult();
            if (fail)
            {
                throw new IOException("the client went away");
            }

            await released.Task.WaitAsync(cancellationToken);
        }

        var end = position < pauseAt ? pauseAt : content.Length;
        var count = Math.Min(buffer.Length, end - position);
        content.AsMemory(position, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override int Read(Span<byte> buffer) => throw new NotSupportedException("read it asynchronously, as the stores do");
}
