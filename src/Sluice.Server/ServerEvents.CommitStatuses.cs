using Microsoft.Extensions.Logging;

namespace Sluice.Server;

/// <summary>The server's entries about commit statuses posted to code hosts (event ids 40 and up).</summary>
public sealed partial class ServerEvents
{
    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "commit status {Context} of {Sha} (repository {RepositoryId}) given up on {Host}: {Reason}")]
    public partial void CommitStatusAbandoned(string host, string context, string sha, long repositoryId, string reason);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "commit status {Context} of {Sha} waits for {Host}'s rate limit until {RetryAt:O}: {Reason}")]
    public partial void CommitStatusRateLimited(string host, string context, string sha, DateTimeOffset retryAt, string reason);
}
