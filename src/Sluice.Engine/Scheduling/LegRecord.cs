using Sluice.Engine.Execution;
using Sluice.Expressions;

namespace Sluice.Engine.Scheduling;

public enum LegPhase
{
    /// <summary>Could not be prepared (its concurrency could not be evaluated); it fails without running.</summary>
    Invalid,

    /// <summary>Has a concurrency group it has not joined yet.</summary>
    Arriving,

    /// <summary>Waits for its concurrency group while another leg holds it.</summary>
    WaitingForGroup,

    /// <summary>Ready, waiting for a slot (<c>--parallel</c> and the matrix's <c>max-parallel</c>).</summary>
    Queued,

    Running,

    Finished,
}

/// <summary>One leg of a job (one matrix combination, or the job itself) as recorded.</summary>
public sealed class LegRecord
{
    internal LegRecord(LegId id, JobRecord job, LegPlan plan, long now)
    {
        Id = id;
        Job = job;
        Key = plan.Key;
        DisplayName = plan.DisplayName;
        Matrix = plan.Matrix;
        Strategy = plan.Strategy;
        Group = plan.Group;
        CancelInProgress = plan.CancelInProgress;
        ContinueOnError = plan.ContinueOnError;
        Problem = plan.Problem;
        Environment = plan.Environment;
        IsCall = job.Job.Uses is not null;
        Phase = plan.Problem is not null ? LegPhase.Invalid : plan.Group is not null ? LegPhase.Arriving : LegPhase.Queued;
        EnteredAt = QueuedAt = now;
    }

    public LegId Id { get; }

    public JobRecord Job { get; }

    /// <summary>Unique within the run: the job id, with the leg's number for a matrix (<c>test-2</c>), after the scope's prefix.</summary>
    public string Key { get; }

    public string DisplayName { get; }

    public ObjectValue Matrix { get; }

    /// <summary>The <c>strategy</c> context of the leg.</summary>
    public ObjectValue Strategy { get; }

    public string? Group { get; }

    public bool CancelInProgress { get; }

    /// <summary>The job's <c>continue-on-error</c> for this leg: its failure neither fails the job nor cancels its siblings.</summary>
    public bool ContinueOnError { get; }

    public string? Problem { get; }

    /// <summary>The environment the leg deploys to (its job's <c>environment</c>), or null.</summary>
    public EnvironmentSetting? Environment { get; }

    /// <summary>The leg calls a reusable workflow: its jobs run in a scope of their own, and it holds no slot itself.</summary>
    public bool IsCall { get; }

    public LegPhase Phase { get; internal set; }

    /// <summary>When the leg came to be (its job expanded): a leg waiting since before a cancellation is cancelled without starting.</summary>
    public long EnteredAt { get; }

    /// <summary>When the leg became ready for a slot: slots go first come, first served.</summary>
    public long QueuedAt { get; internal set; }

    public bool Started { get; internal set; }

    /// <summary>When a running leg was asked to stop (cancelled, or started in a cancelled scope); null while it was not.</summary>
    public long? CancelRequestedAt { get; internal set; }

    public Conclusion? Conclusion { get; internal set; }

    public IReadOnlyDictionary<string, string> Outputs { get; internal set; } = new Dictionary<string, string>();

    public long? FinishedAt { get; internal set; }

    /// <summary>Failed in a way that counts: not allowed by <c>continue-on-error</c>.</summary>
    public bool FailedForReal => Conclusion == Execution.Conclusion.Failure && !ContinueOnError;
}

/// <summary>A concurrency group: at most one leg holds it and one waits; a newer arrival replaces the waiting one.</summary>
public sealed class GroupRecord
{
    public LegId? Holder { get; internal set; }

    public LegId? Waiting { get; internal set; }
}
