using Npgsql;

namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// A blob read from PostgreSQL one chunk at a time, inside the repeatable-read transaction that found it; disposing it
/// ends the transaction and returns the connection.
/// </summary>
internal sealed class PostgresBlobStream(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlCommand command, NpgsqlDataReader reader, long length) : ReadOnlyForwardStream
{
    private byte[] _chunk = [];
    private int _offset;

    public override long Length => length;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset == _chunk.Length)
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            _chunk = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
            _offset = 0;
        }

        return Take(buffer.Span);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_offset == _chunk.Length)
        {
            if (!reader.Read())
            {
                return 0;
            }

            _chunk = reader.GetFieldValue<byte[]>(0);
            _offset = 0;
        }

        return Take(buffer);
    }

    public override async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        await command.DisposeAsync().ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            reader.Dispose();
            command.Dispose();
            transaction.Dispose();
            connection.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        ReadSoFar += count;
        return count;
    }
}
