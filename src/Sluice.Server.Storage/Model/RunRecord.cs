namespace Sluice.Server.Storage;

/// <summary>
/// One workflow run. <see cref="WorkflowText"/> is the workflow as read at <see cref="Sha"/> and <see cref="ContextJson"/>
/// the run's contexts (github, inputs, vars), so the run can be planned again after a restart without the repository.
/// </summary>
public sealed record RunRecord(
    long Id,
    long RepositoryId,
    string Repository,
    long Number,
    string WorkflowName,
    string WorkflowFile,
    string WorkflowText,
    string Event,
    string Ref,
    string Sha,
    string ContextJson,
    string TriggeredBy,
    bool SecretsAllowed,
    string Status,
    string? Conclusion,
    bool CancelRequested,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The run this one re-runs (<c>sluice rerun</c>), or null.</summary>
    public long? RerunOf { get; init; }

    /// <summary>A re-run of the failed jobs only: legs that succeeded in <see cref="RerunOf"/> keep their result and outputs.</summary>
    public bool FailedOnly { get; init; }

    /// <summary><c>github.run_attempt</c>: 1, and one more for each re-run.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Why the run waits or ended as it did, beyond its jobs (waiting for a concurrency group, cancelled by a newer run in it).</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// A rollback: the failed deployment this run restores from, by deploying again what <see cref="RerunOf"/> deployed
    /// (its deploy job and the jobs after it run again; the others keep their results).
    /// </summary>
    public long? RollbackOf { get; init; }
}

/// <summary>What a new run starts from.</summary>
public sealed record NewRun(
    long RepositoryId,
    string WorkflowName,
    string WorkflowFile,
    string WorkflowText,
    string Event,
    string Ref,
    string Sha,
    string ContextJson,
    string TriggeredBy,
    bool SecretsAllowed,
    long? RerunOf = null,
    bool FailedOnly = false,
    long? RollbackOf = null);

/// <summary>
/// Something that happened to a run that the run's state machine must know, in the order it happened: a leg finished
/// (<see cref="Kind"/> <c>leg</c>), the run was cancelled (<c>cancel</c>), a leg or the run (<see cref="LegKey"/> empty)
/// took its concurrency group (<c>group</c>, <see cref="Conclusion"/> <c>admitted</c>) or a newer member displaced a
/// leg (<c>group</c>, <c>cancelled</c>), a calling leg's reusable workflow was located (<c>call</c>: the workflow's
/// file as <see cref="Detail"/> and its text as <see cref="Body"/>, or <see cref="Conclusion"/> <c>failure</c> and the
/// problem as <see cref="Detail"/>). Replayed in order, they rebuild the run's state.
/// </summary>
/// <param name="Detail">Why it happened, for people (the reason a leg or run was cancelled by its group), or a call's file.</param>
/// <param name="Body">A call's workflow text, as it was located, so that replaying the run does not locate it again.</param>
public sealed record RunEvent(long Seq, string Kind, string? LegKey, string? Conclusion, string? OutputsJson, string? Detail = null, string? Body = null);

public static class RunStatuses
{
    public const string Queued = "queued";

    /// <summary>Waits for its concurrency group, which another run holds.</summary>
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
}
