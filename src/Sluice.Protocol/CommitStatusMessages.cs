namespace Sluice.Protocol;

/// <summary>
/// Where a repository's commit statuses go (<c>sluice repo statuses</c>): the host's kind (<c>github</c>, <c>gitlab</c>,
/// <c>gitea</c>), its API base URL, the repository's path there, and the token that may set statuses (sealed at rest,
/// never shown back).
/// </summary>
public sealed record CommitStatusTargetRequest(string Host, string ApiUrl, string Path, string Token);

/// <summary>Where a repository's commit statuses go; the token is never shown.</summary>
public sealed record CommitStatusTargetView(string Repository, string Host, string ApiUrl, string Path, DateTimeOffset UpdatedAt);
