namespace Sluice.Server.Storage;

/// <summary>
/// One job of a run (one matrix leg), as the server hands it out. <see cref="PayloadJson"/> is what an agent needs to
/// run it (matrix, strategy, needs); <see cref="Labels"/> what an agent must have. A job is <c>queued</c>, then
/// <c>running</c> under a lease held by one agent for one <see cref="Attempt"/>, then <c>completed</c>.
/// </summary>
public sealed record JobRow(
    long Id,
    long RunId,
    string Key,
    string JobName,
    string DisplayName,
    IReadOnlyList<string> Labels,
    string PayloadJson,
    string Status,
    string? Conclusion,
    int Attempt,
    long? AgentId,
    string? AgentName,
    DateTimeOffset? LeaseExpiresAt,
    bool CancelRequested,
    string? OutputsJson,
    string? StepsJson,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The leg started in a run (or call) already cancelled: only its <c>always()</c> steps run.</summary>
    public bool StartCancelled { get; init; }

    /// <summary>Why a <c>pending</c> job waits (its concurrency group), or why a newer member of its group cancelled it; null otherwise.</summary>
    public string? Detail { get; init; }
}

/// <summary>A job to queue: a leg that starts, or one that ends without running (skipped, refused, cancelled before it started).</summary>
public sealed record NewJob(long RunId, string Key, string JobName, string DisplayName, IReadOnlyList<string> Labels, string PayloadJson, string? ConclusionWithoutRunning, bool Cancelled)
{
    /// <summary>
    /// Why the job is held back (its environment waits for reviewers or a timer): stored <c>pending</c> with this as its
    /// detail, until <see cref="IServerStore.ReleaseHeldJobAsync"/> queues it. Null: it is queued at once.
    /// </summary>
    public string? Hold { get; init; }
}

/// <summary>One attempt of a job on one agent, and how it ended (<c>running</c>, <c>completed</c>, <c>lost</c>, <c>failed-to-start</c>).</summary>
public sealed record AttemptRow(long JobId, int Attempt, long? AgentId, string? AgentName, string Outcome, string? Reason, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public static class JobStatuses
{
    /// <summary>Waits for its concurrency group; no agent can claim it until it holds the group.</summary>
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
}

/// <summary>What an agent gets when it claims a job: the job as now running (its new attempt) and the job's run.</summary>
public sealed record JobClaim(JobRow Job, RunRecord Run);

/// <summary>The result of a fenced write: accepted, or refused because the attempt is not (or no longer) the job's running one.</summary>
public enum FenceResult
{
    Accepted,
    Superseded,
}
