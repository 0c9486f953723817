namespace Sluice.Server.Storage;

/// <summary>
/// A saved cache entry of a repository (<c>actions/cache</c>): immutable once saved. <see cref="Scope"/> is the ref
/// of the run that saved it (<c>refs/heads/main</c>, <c>refs/pull/7/merge</c>), which decides which runs may restore
/// it; <see cref="Version"/> says which paths (and compression) it was saved with; <see cref="Blob"/> names its archive
/// in the server's cache folder.
/// </summary>
public sealed record CacheEntryRow(long Id, long RepositoryId, string Scope, string Key, string Version, string Blob, long Size, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt);

/// <summary>An entry to record once its archive is on disk.</summary>
public sealed record NewCacheEntry(long RepositoryId, string Scope, string Key, string Version, string Blob, long Size);

/// <summary>The blobs of a run that retention removes when the run is old enough.</summary>
public enum RunBlobKind
{
    /// <summary>The log lines of every job of the run (in the database).</summary>
    Logs,

    /// <summary>The run's artifact files (in the data folder).</summary>
    Artifacts,
}
