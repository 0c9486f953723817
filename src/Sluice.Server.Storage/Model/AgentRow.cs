namespace Sluice.Server.Storage;

/// <summary>
/// A registered agent. <see cref="CredentialPrefix"/> is its credential's display id (null for agents registered before
/// it was kept); a <see cref="Disabled"/> agent keeps its job but is given no new one; a <see cref="Removed"/> agent's
/// credential opens nothing. <see cref="Version"/> is the sluice version it last said it runs (null before agents said
/// so); <see cref="RunningJob"/> the job it holds a running lease on, whichever replica gave it.
/// </summary>
public sealed record AgentRow(long Id, string Name, IReadOnlyList<string> Labels, byte[] CredentialHash, DateTimeOffset RegisteredAt, DateTimeOffset LastSeen, bool Removed, string? CredentialPrefix = null, bool Disabled = false, string? Version = null, long? RunningJob = null);

/// <summary>
/// An API token as stored: its hash, never the token. <see cref="Repositories"/> empty means every repository.
/// <see cref="Owner"/> is who holds it, <c>user:NAME</c> or <c>automation:NAME</c> (null for tokens made before owners were kept).
/// <see cref="ExpiresAt"/> is when it stops opening anything (null: it does not expire).
/// </summary>
public sealed record TokenRow(long Id, string Prefix, byte[] Hash, string Scope, IReadOnlyList<string> Repositories, string CreatedBy, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? UsedAt, bool Revoked, string? Owner = null, DateTimeOffset? RevokedAt = null, DateTimeOffset? ExpiresAt = null);

public sealed record LogRow(long Id, long JobId, string JobKey, int Attempt, long Seq, string Kind, string? Step, string Text, string? Level, DateTimeOffset? At, string? File = null, int? Line = null);

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string? Source, string Action, string Target, string? Detail);

public sealed record SecretRow(long RepositoryId, string Name, byte[] Sealed, DateTimeOffset UpdatedAt);
