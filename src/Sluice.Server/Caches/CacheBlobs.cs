using Sluice.Server.Storage.Blobs;

namespace Sluice.Server.Caches;

/// <summary>
/// The cache entries' archives in the server's blob store (files in the data folder with SQLite, the database with
/// PostgreSQL): <c>caches/&lt;blob&gt;</c>, written whole or not at all, so that a listed entry always has its
/// complete archive and every replica reads what any of them saved.
/// </summary>
public sealed class CacheBlobs(IBlobStore blobs)
{
    /// <summary>A new blob name for an entry's archive, never given before.</summary>
    public static string NewBlob() => Guid.NewGuid().ToString("N") + ".tar.gz";

    public Task<WrittenBlob> SaveAsync(string blob, Stream archive, CancellationToken cancellationToken) => blobs.WriteAsync(NameOf(blob), archive, cancellationToken);

    /// <summary>The archive, whose Length is its size; null when it is gone.</summary>
    public Task<Stream?> OpenAsync(string blob, CancellationToken cancellationToken) => blobs.OpenAsync(NameOf(blob), cancellationToken);

    public Task DeleteAsync(string blob, CancellationToken cancellationToken) => blobs.DeleteAsync(NameOf(blob), cancellationToken);

    /// <summary>The blob's name in the store, for messages.</summary>
    public static string NameOf(string blob) => "caches/" + blob;
}
