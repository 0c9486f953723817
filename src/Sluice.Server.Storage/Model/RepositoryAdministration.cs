namespace Sluice.Server.Storage;

/// <summary>
/// What <c>sluice repo edit</c> changes; a field left null is kept. <see cref="PollSeconds"/> 0 and an empty
/// <see cref="WebhookSecret"/> turn polling and webhook signatures off.
/// </summary>
public sealed record RepositoryChange(string? Url = null, int? PollSeconds = null, byte[]? WebhookSecret = null);

/// <summary>How a repository's removal went: removed, refused while runs are not finished, or no such repository.</summary>
public enum RemovalOutcome
{
    Removed,
    Busy,
    NotFound,
}

/// <summary>
/// The removal of a repository. When removed, <see cref="RunIds"/> and <see cref="CacheBlobs"/> name what the caller
/// deletes on disk after the commit (artifact folders, cache archives); when busy, <see cref="UnfinishedRuns"/> names
/// the runs queued or in progress that keep it.
/// </summary>
public sealed record RepositoryRemoval(RemovalOutcome Outcome, IReadOnlyList<long> RunIds, IReadOnlyList<string> CacheBlobs, IReadOnlyList<long> UnfinishedRuns);
