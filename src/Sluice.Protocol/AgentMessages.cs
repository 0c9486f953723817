using System.Text.Json;

namespace Sluice.Protocol;

/// <summary>An agent introduces itself with a one-time registration token and receives its own credential.</summary>
public sealed record RegisterRequest(string Name, IReadOnlyList<string> Labels, string Version);

public sealed record RegisterResponse(long AgentId, string Name, string Credential);

/// <summary>An idle agent asks for work; the server answers with a job at once, or after up to <see cref="WaitSeconds"/> with none.</summary>
/// <summary>An agent asks for a job, waiting up to <see cref="WaitSeconds"/>; <see cref="Version"/> is the sluice it runs (left out by agents before it was sent).</summary>
public sealed record ClaimRequest(int WaitSeconds, string? Version = null);

/// <summary>
/// One attempt of one job (a matrix leg), given to one agent. <see cref="LeaseToken"/> proves the attempt: every write
/// about the job (heartbeats, logs, the result) carries it, and the server refuses those of an attempt it has replaced
/// (fencing), so a late agent can never overwrite the work of the one that took over. <see cref="WorkflowText"/> is the
/// text of the workflow the job comes from (the run's file as the server read it at <see cref="Sha"/>, or a called
/// reusable workflow's as the server located it), so the agent need not read it from the commit again (null from a
/// server that does not send it: the agent reads <see cref="WorkflowFile"/> at the commit).
/// </summary>
public sealed record JobAssignment(
    long JobId,
    int Attempt,
    string LeaseToken,
    int LeaseSeconds,
    long RunId,
    string Repository,
    string Sha,
    string WorkflowFile,
    string JobName,
    string LegKey,
    string DisplayName,
    JsonElement Github,
    JsonElement Matrix,
    JsonElement Strategy,
    JsonElement Needs,
    JsonElement Inputs,
    JsonElement Vars,
    IReadOnlyDictionary<string, string> Secrets,
    bool Cancelled,
    string? WorkflowText = null);

/// <summary>A lease renewal; the answer says whether the job was cancelled meanwhile.</summary>
public sealed record HeartbeatResponse(bool Cancel, int LeaseSeconds);

/// <summary>A batch of a job's log, numbered from 1 within the attempt, so a batch sent twice is stored once.</summary>
public sealed record LogBatch(IReadOnlyList<LogEntry> Entries);

/// <summary>
/// One line of a job's log. <see cref="Kind"/>: <c>line</c>, <c>error</c> (stderr), <c>step</c> (a step started),
/// <c>step-end</c> (with its conclusion in <see cref="Text"/>), <c>annotation</c> (level in <see cref="Level"/>).
/// </summary>
/// <param name="File">An annotation's file (<c>::error file=src/a.cs,line=3::</c>), when it named one.</param>
/// <param name="Line">An annotation's line in <see cref="File"/>, from 1.</param>
public sealed record LogEntry(long Seq, string Kind, string? Step, string Text, string? Level = null, DateTimeOffset? At = null, string? File = null, int? Line = null);

public sealed record LogAck(long Through);

/// <summary>What a finished attempt reports. <see cref="InfrastructureProblem"/> set means the job could not be run (not that it failed).</summary>
public sealed record JobCompletion(
    string Conclusion,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<StepSummary> Steps,
    IReadOnlyList<string> Summaries,
    double DurationSeconds,
    string? InfrastructureProblem = null);

/// <summary>An artifact stored on the server: its id in the run.</summary>
public sealed record ArtifactPublished(int Id);

/// <summary>
/// A cache entry of a repository (<c>actions/cache</c>): the one a restore found, the one a save stored, or one of a
/// listing. <see cref="Ref"/> is the ref of the run that saved it, which decides which runs may restore it.
/// </summary>
public sealed record CacheEntryView(long Id, string Key, string Version, string Ref, long Size, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt);

public sealed record StepSummary(string Id, string Name, string Outcome, string Conclusion, double DurationSeconds);
