using Sluice.Engine.Execution;
using Sluice.Expressions;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// What the decider says happens next in a run. Each is applied to the <see cref="RunSnapshot"/> (which makes it true
/// in the record) and carried out by whoever drives the run (which starts processes, cancels them, reports).
/// </summary>
public abstract record RunDecision;

/// <summary>The job's needs are done and its <c>if</c> holds: its matrix becomes legs.</summary>
public sealed record ExpandJob(int Scope, string Job, IReadOnlyList<LegPlan> Legs, bool FailFast, int? MaxParallel, ObjectValue Needs) : RunDecision;

/// <summary>One leg as its job expands: everything decided about it before it runs.</summary>
/// <param name="Problem">Why the leg cannot run (its concurrency could not be evaluated); it then fails without running.</param>
public sealed record LegPlan(
    string Key,
    string DisplayName,
    ObjectValue Matrix,
    ObjectValue Strategy,
    string? Group,
    bool CancelInProgress,
    bool ContinueOnError,
    string? Problem = null)
{
    /// <summary>The job's <c>environment</c> for this leg, or null.</summary>
    public EnvironmentSetting? Environment { get; init; }
}

/// <summary>The job does not run: its <c>if</c> is false (skipped), or its condition or strategy cannot be evaluated (failure, with the problem).</summary>
public sealed record SkipJob(int Scope, string Job, string Key, string DisplayName, Conclusion Conclusion, string? Problem) : RunDecision;

/// <summary>The leg fails without running, for <see cref="LegRecord.Problem"/>.</summary>
public sealed record RejectLeg(LegId Leg) : RunDecision;

/// <summary>The leg holds its concurrency group and is ready for a slot.</summary>
public sealed record TakeGroup(LegId Leg) : RunDecision;

/// <summary>The leg waits for its concurrency group.</summary>
public sealed record WaitForGroup(LegId Leg) : RunDecision;

/// <summary>
/// The leg asks the driver for its concurrency group, which other runs share (<see cref="RunSnapshot.SharedGroups"/>);
/// it waits until the driver records that it holds the group or was displaced.
/// </summary>
public sealed record JoinGroup(LegId Leg) : RunDecision;

/// <summary>The leg starts: its steps run (or, for a call, the called workflow's jobs are read and scheduled).</summary>
/// <param name="Cancelled">Its scope was already cancelled (an <c>always()</c> job after a cancellation): it starts cancelled.</param>
public sealed record StartLeg(LegId Leg, bool Cancelled) : RunDecision;

/// <summary>
/// The leg is cancelled: one that runs is asked to stop (its <c>always()</c> steps still run); one that has not started
/// ends cancelled without starting.
/// </summary>
/// <param name="Annotation">What to tell the user, with its level, or null (a cancelled run says nothing per leg).</param>
public sealed record CancelLeg(LegId Leg, bool WasRunning, (string Level, string Message)? Annotation) : RunDecision;

/// <summary>Every leg of the job finished: the job's result (after <c>continue-on-error</c>) and its outputs, merged in the order the legs finished.</summary>
public sealed record ConcludeJob(int Scope, string Job, Conclusion Conclusion, IReadOnlyDictionary<string, string> Outputs) : RunDecision;

/// <summary>Every job of a called workflow concluded: the calling leg finishes with the call's result and its <c>workflow_call</c> outputs.</summary>
public sealed record ConcludeCall(LegId Caller, Conclusion Conclusion, IReadOnlyDictionary<string, string> Outputs, string? Problem) : RunDecision;

/// <summary>Every job of the run concluded.</summary>
public sealed record ConcludeRun(Conclusion Conclusion) : RunDecision;
