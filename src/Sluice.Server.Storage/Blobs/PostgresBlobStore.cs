using System.Data;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Sluice.Server.Storage.Postgres;

namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// Blobs in PostgreSQL, beside the server's other tables (schema migration 8): a <c>blobs</c> row per blob and its
/// content in <c>blob_chunks</c> of <see cref="ChunkBytes"/> each. A write inserts its chunks under a row without a name
/// and names it (deleting the blob it replaces) in the same transaction, so no reader ever sees half a blob and a write
/// that fails leaves nothing. A read holds one repeatable-read snapshot and fetches the chunks one at a time, so a blob
/// replaced while it is read still reads whole and a 2 GiB artifact never sits in memory.
/// </summary>
public sealed class PostgresBlobStore : IBlobStore
{
    public const int ChunkBytes = 1024 * 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _where;

    private PostgresBlobStore(NpgsqlDataSource dataSource, string where, TimeProvider time)
    {
        _dataSource = dataSource;
        _where = where;
        _time = time;
    }

    /// <summary>The blob store of the database <paramref name="database"/> names, whose schema the server's store has migrated.</summary>
    public static PostgresBlobStore Open(string database, TimeProvider time)
    {
        var builder = PostgresDatabase.Parse(database);
        return new PostgresBlobStore(new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build(), PostgresDatabase.Describe(builder), time);
    }

    public Task<WrittenBlob> WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        BlobNames.Check(name);
        ArgumentNullException.ThrowIfNull(content);
        return Guarded(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            var id = (long)(await Command(connection, "INSERT INTO blobs (name, size, sha256, written_at) VALUES (NULL, 0, '', @now) RETURNING id", ("now", _time.GetUtcNow().ToUnixTimeMilliseconds()))
                .ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            var (size, sha256) = await WriteChunksAsync(connection, id, content, cancellationToken).ConfigureAwait(false);

            // Writers of one name queue here; each deletes what the one before it committed, so the last to finish wins whole.
            await Command(connection, "SELECT pg_advisory_xact_lock(hashtext('sluice-blob:' || @name))", ("name", name)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await Command(connection, "DELETE FROM blobs WHERE name = @name", ("name", name)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await Command(connection, "UPDATE blobs SET name = @name, size = @size, sha256 = @sha256 WHERE id = @id", ("name", name), ("size", size), ("sha256", sha256), ("id", id))
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new WrittenBlob(name, size, sha256);
        });
    }

    public Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        BlobNames.Check(name);
        return Guarded(async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                long id, size;
                await using (var find = Command(connection, "SELECT id, size FROM blobs WHERE name = @name", ("name", name)))
                {
                    // Npgsql reuses one reader object per connection: this one must be gone before the chunks' reader starts.
                    await using var found = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await found.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await found.DisposeAsync().ConfigureAwait(false);
                        await connection.DisposeAsync().ConfigureAwait(false);
                        return null;
                    }

                    (id, size) = (found.GetInt64(0), found.GetInt64(1));
                }

                var chunks = Command(connection, "SELECT data FROM blob_chunks WHERE blob_id = @id ORDER BY seq", ("id", id));
                var reader = await chunks.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
                return (Stream)new PostgresBlobStream(connection, transaction, chunks, reader, size);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        });
    }

    public Task<IReadOnlyList<BlobInfo>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobNames.CheckPrefix(prefix);
        return Guarded(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT name, size, written_at FROM blobs WHERE name LIKE @pattern", ("pattern", Pattern(prefix)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var blobs = new List<BlobInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                blobs.Add(new BlobInfo(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
            }

            return (IReadOnlyList<BlobInfo>)[.. blobs.OrderBy(blob => blob.Name, StringComparer.Ordinal)];
        });
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        BlobNames.Check(name);
        return Guarded(async () => await ExecuteAsync("DELETE FROM blobs WHERE name = @name", ("name", name), cancellationToken).ConfigureAwait(false) > 0);
    }

    public Task<int> DeleteUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobNames.CheckPrefix(prefix);
        return Guarded(() => ExecuteAsync("DELETE FROM blobs WHERE name LIKE @pattern", ("pattern", Pattern(prefix)), cancellationToken));
    }

    public Task<long> NextNumberAsync(CancellationToken cancellationToken) => Guarded(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT nextval('blob_numbers')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    });

    /// <summary>Nothing to do: a write that never committed was rolled back by PostgreSQL when its session ended.</summary>
    public Task<int> RemoveAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken) => Task.FromResult(0);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<(long Size, string Sha256)> WriteChunksAsync(NpgsqlConnection connection, long id, Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var insert = Command(connection, "INSERT INTO blob_chunks (blob_id, seq, data) VALUES (@id, @seq, @data)", ("id", id), ("seq", 0));
        var data = new NpgsqlParameter("data", NpgsqlDbType.Bytea);
        insert.Parameters.Add(data);
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[ChunkBytes];
        long size = 0;
        for (var seq = 0; ; seq++)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            insert.Parameters["seq"].Value = seq;
            data.Value = read == buffer.Length ? buffer : buffer[..read];
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            size += read;
            if (read < buffer.Length)
            {
                break;
            }
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private async Task<int> ExecuteAsync(string sql, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameter);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        return command;
    }

    /// <summary>A LIKE pattern for the names that start with <paramref name="prefix"/> (names hold no backslash, LIKE's escape).</summary>
    private static string Pattern(string prefix) => prefix.Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>A lost connection becomes the store's "unavailable" error, which the server answers with 503.</summary>
    private async Task<T> Guarded<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (PostgresServerStore.Transient(exception))
        {
            throw new StoreException($"the PostgreSQL database {_where} cannot be reached for blobs ({exception.InnerException?.Message ?? exception.Message}); nothing was stored; try again once it is back", unavailable: true);
        }
    }
}
