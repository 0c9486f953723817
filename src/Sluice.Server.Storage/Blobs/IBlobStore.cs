namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// Where the server keeps its blobs (artifacts, cache archives): files in the data folder beside SQLite, rows in
/// PostgreSQL beside the rest of the server's data, so that every replica on one database reads what any of them wrote.
/// A blob is written whole or not at all: until <see cref="WriteAsync"/> returns, readers see the blob of that name as
/// it was before (or none), and a write that fails midway leaves nothing. Names are checked by <see cref="BlobNames"/>.
/// </summary>
public interface IBlobStore : IAsyncDisposable
{
    /// <summary>
    /// Reads <paramref name="content"/> to its end into the blob <paramref name="name"/>, replacing any blob of that
    /// name when it is complete (of two writers of one name, the last to finish wins whole).
    /// </summary>
    Task<WrittenBlob> WriteAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// The blob's content as a stream whose <see cref="Stream.Length"/> is its size, read piece by piece so that a large
    /// blob never sits in memory; null when there is no blob of that name. A blob replaced or deleted while it is read
    /// still reads whole.
    /// </summary>
    Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken);

    /// <summary>The blobs whose names start with <paramref name="prefix"/> (a folder-like prefix ending in <c>/</c>), by name.</summary>
    Task<IReadOnlyList<BlobInfo>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; false when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes every blob under <paramref name="prefix"/> (ending in <c>/</c>) and returns how many there were.</summary>
    Task<int> DeleteUnderAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>A number this store never gave before, larger than any it gave before (for names that sort by age, and ids).</summary>
    Task<long> NextNumberAsync(CancellationToken cancellationToken);

    /// <summary>Removes what writes that never finished left behind when they began before <paramref name="startedBefore"/> (a server killed mid-upload).</summary>
    Task<int> RemoveAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken);
}

/// <summary>A stored blob: its name, size in bytes and when it was written.</summary>
public sealed record BlobInfo(string Name, long Size, DateTimeOffset WrittenAt);

/// <summary>What a write stored: the blob's name, size in bytes and SHA-256 (lowercase hex).</summary>
public sealed record WrittenBlob(string Name, long Size, string Sha256);
