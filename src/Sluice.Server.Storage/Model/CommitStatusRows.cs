namespace Sluice.Server.Storage;

/// <summary>
/// Where a repository's commit statuses go: the code host's kind (<c>github</c>, <c>gitlab</c>, <c>gitea</c>), its API
/// base URL, the repository's path there (<c>owner/name</c>, or a GitLab project path or id) and the token, sealed.
/// </summary>
public sealed record CommitStatusTarget(long RepositoryId, string Host, string ApiUrl, string Path, byte[] SealedToken, DateTimeOffset UpdatedAt);

/// <summary>A status to post to a commit: the state in Sluice's words (<c>pending</c>, <c>success</c>, <c>failure</c>, <c>error</c>, <c>cancelled</c>), which each host's client translates.</summary>
public sealed record NewCommitStatus(long RepositoryId, string Sha, string Context, string State, string Description, string? TargetUrl, string? Ref);

/// <summary>
/// One commit status in the outbox: the latest state of its commit and context, and how its delivery stands. A newer
/// state replaces one not yet sent (<see cref="Version"/> counts the changes, so that a sender that posted an older
/// version does not mark the newer one sent).
/// </summary>
public sealed record CommitStatusRow(
    long Id,
    long RepositoryId,
    string Sha,
    string Context,
    string State,
    string Description,
    string? TargetUrl,
    string? Ref,
    long Version,
    string Outcome,
    int Attempts,
    DateTimeOffset ChangedAt,
    DateTimeOffset NextAt,
    string? LastError);

/// <summary>How a commit status's delivery stands.</summary>
public static class CommitStatusOutcomes
{
    /// <summary>Not yet posted: to be sent at <see cref="CommitStatusRow.NextAt"/>.</summary>
    public const string Waiting = "waiting";

    /// <summary>The host accepted it.</summary>
    public const string Sent = "sent";

    /// <summary>Given up: the host refused it for good, or did not take it for longer than the server waits.</summary>
    public const string Abandoned = "abandoned";
}
