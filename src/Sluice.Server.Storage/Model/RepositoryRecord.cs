namespace Sluice.Server.Storage;

/// <summary>A repository the server runs workflows for: a git URL or a local path it can fetch.</summary>
public sealed record RepositoryRecord(long Id, string Name, string Url, int? PollSeconds, byte[]? WebhookSecret, string? DefaultBranch, string? LastPolledSha, DateTimeOffset CreatedAt);
