namespace Sluice.Server.Storage;

public sealed record AgentRow(long Id, string Name, IReadOnlyList<string> Labels, byte[] CredentialHash, DateTimeOffset RegisteredAt, DateTimeOffset LastSeen, bool Removed);

/// <summary>An API token as stored: its hash, never the token. <see cref="Repositories"/> empty means every repository.</summary>
public sealed record TokenRow(long Id, string Prefix, byte[] Hash, string Scope, IReadOnlyList<string> Repositories, string CreatedBy, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? UsedAt, bool Revoked);

public sealed record LogRow(long Id, long JobId, string JobKey, int Attempt, long Seq, string Kind, string? Step, string Text, string? Level, DateTimeOffset? At);

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string? Source, string Action, string Target, string? Detail);

public sealed record SecretRow(long RepositoryId, string Name, byte[] Sealed, DateTimeOffset UpdatedAt);
