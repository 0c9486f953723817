namespace Sluice.Protocol;

public sealed record RepositoryCreate(string Name, string Url, int? PollSeconds, string? WebhookSecret);

public sealed record RepositoryView(string Name, string Url, int? PollSeconds, string? DefaultBranch, DateTimeOffset CreatedAt);

/// <summary>A run asked for by hand or by the API: <c>sluice trigger</c>.</summary>
public sealed record TriggerRequest(string? Event, string? Ref, IReadOnlyDictionary<string, string>? Inputs, string? Workflow);

public sealed record TriggerResponse(IReadOnlyList<RunView> Runs, string? Message);

/// <param name="Waiting">Why the run waits (its concurrency group) or why it was cancelled by its group; null otherwise.</param>
public sealed record RunView(
    long Id,
    string Repository,
    long Number,
    string Workflow,
    string WorkflowFile,
    string Event,
    string Ref,
    string Sha,
    string Status,
    string? Conclusion,
    string TriggeredBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobView> Jobs,
    int RunAttempt = 1,
    long? RerunOf = null,
    string? Waiting = null,
    IReadOnlyList<PlannedJobView>? Graph = null);

/// <param name="Needs">The keys of the jobs this job needs (for a matrix job, its <see cref="Group"/>, which all its legs share).</param>
/// <param name="Group">The key of the workflow job this leg belongs to: its own key unless it is a leg of a matrix (<c>test</c> for <c>test-2</c>).</param>
public sealed record JobView(
    long Id,
    string Key,
    string Name,
    string Status,
    string? Conclusion,
    int Attempt,
    string? Agent,
    IReadOnlyList<string> Labels,
    string? Waiting,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<AttemptView> Attempts,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string>? Needs = null,
    string? Group = null);

public sealed record AttemptView(int Attempt, string? Agent, string Outcome, string? Reason, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>Log lines of a run after <see cref="LogPage.Next"/>; <see cref="Done"/> once the run has finished and nothing more will come.</summary>
public sealed record LogPage(IReadOnlyList<LogLineView> Lines, long Next, bool Done);

/// <summary>
/// A line of a run's log; <see cref="At"/> is when the agent saw it (null for lines without a time). An annotation's <see cref="File"/> and <see cref="Line"/> are given when its agent sent them.
/// </summary>
public sealed record LogLineView(long Id, string Job, int Attempt, string Kind, string? Step, string Text, string? Level, DateTimeOffset? At, string? File = null, int? Line = null);

/// <summary>The jobs waiting for an agent, by the labels they need (<see cref="Truncated"/>: only the oldest were read).</summary>
public sealed record QueueView(IReadOnlyList<QueueGroupView> Groups, bool Truncated);

/// <summary>Jobs needing one set of labels: how many, how long the oldest has waited, and the first few of them.</summary>
public sealed record QueueGroupView(IReadOnlyList<string> Labels, int Count, DateTimeOffset OldestQueuedAt, double LongestWaitSeconds, IReadOnlyList<QueuedJobView> Jobs);

public sealed record QueuedJobView(long RunId, string Repository, string Job, string Name, DateTimeOffset QueuedAt);

/// <summary>An agent as people see it; <see cref="Disabled"/> agents get no new job, <see cref="Credential"/> is its credential's display id; <see cref="RunningRun"/> and the job's key and name say what it runs (when the caller may see that repository); <see cref="Version"/> is the sluice it runs, as it last said.</summary>
public sealed record AgentView(long Id, string Name, IReadOnlyList<string> Labels, string Status, DateTimeOffset LastSeen, long? RunningJob, bool Disabled = false, string? Credential = null, long? RunningRun = null, string? RunningJobKey = null, string? RunningJobName = null, string? Version = null);

/// <summary>
/// A token to create; <see cref="Owner"/> is <c>user:NAME</c> or <c>automation:NAME</c> (the creator's owner when left
/// out). It expires <see cref="ExpiresInSeconds"/> after it is created, by the server's clock; left out, never.
/// </summary>
public sealed record TokenCreate(string Scope, IReadOnlyList<string>? Repositories, string? Description, string? Owner = null, long? ExpiresInSeconds = null);

public sealed record TokenCreated(string Token, string Scope, string Prefix, string? Owner = null, DateTimeOffset? ExpiresAt = null);

public sealed record RerunRequest(bool FailedOnly);

public sealed record SecretValue(string Value);

public sealed record AuditView(long Id, DateTimeOffset At, string Actor, string? Source, string Action, string Target, string? Detail);
