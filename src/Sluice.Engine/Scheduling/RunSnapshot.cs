using Sluice.Engine.Execution;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// The recorded state of one run: its scopes, jobs and legs, concurrency groups, and whether it was cancelled.
/// It changes only by what happened (<c>Record...</c>: a leg finished, a call's workflow was read, the run was
/// cancelled) and by the decider's decisions (<see cref="Apply"/>), so that what happens next is a function of it
/// alone. Every change advances <see cref="Clock"/>, which orders legs by when they came and finished. Indexes of the
/// legs in each phase are kept with it (RunSnapshot.Indexes.cs), so that deciding costs what is in play, not the run's size.
/// </summary>
public sealed partial class RunSnapshot
{
    private readonly List<ScopeRecord> _scopes = [];
    // Group names compare without regard to case, as on GitHub ("prod" and "Prod" are one group).
    private readonly Dictionary<string, GroupRecord> _groups = new(StringComparer.OrdinalIgnoreCase);

    public RunSnapshot(RunScope run, RunLimits limits)
    {
        ArgumentNullException.ThrowIfNull(run);
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _scopes.Add(new ScopeRecord(0, run, caller: null));
    }

    public RunLimits Limits { get; }

    /// <summary>The run's own workflow first, then one scope per call, in the order the calls started.</summary>
    public IReadOnlyList<ScopeRecord> Scopes => _scopes;

    public IReadOnlyDictionary<string, GroupRecord> Groups => _groups;

    public long Clock { get; private set; }

    /// <summary>When the run was cancelled (Ctrl-C, or the server's cancel), or null.</summary>
    public long? CancelledAt { get; private set; }

    /// <summary>The run's conclusion, once every job concluded.</summary>
    public Conclusion? Conclusion { get; private set; }

    public LegRecord Leg(LegId id) => _scopes[id.Scope].Job(id.Job).Legs[id.Index];

    public void RecordCancelled() => CancelledAt ??= ++Clock;

    /// <summary>A leg that ran steps finished (or the call it makes could not start), with its result and outputs.</summary>
    public void RecordLegFinished(LegId id, Conclusion conclusion, IReadOnlyDictionary<string, string> outputs) =>
        Finish(Leg(id), conclusion, outputs);

    /// <summary>A calling leg's workflow was read: its jobs become a scope of the run.</summary>
    public ScopeRecord RecordCall(LegId caller, RunScope called)
    {
        var scope = new ScopeRecord(_scopes.Count, called, caller);
        _scopes.Add(scope);
        Clock++;
        return scope;
    }

    /// <summary>When the scope was cancelled: the run's, or for a called workflow, the earliest of its caller's cancellation and its caller's scope's.</summary>
    public long? CancelledAtOf(ScopeRecord scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Caller is not { } caller)
        {
            return CancelledAt;
        }

        var own = Leg(caller).CancelRequestedAt;
        var above = CancelledAtOf(_scopes[caller.Scope]);
        return own is null ? above : above is null ? own : Math.Min(own.Value, above.Value);
    }

    public void Apply(RunDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var now = ++Clock;
        switch (decision)
        {
            case ExpandJob expand:
                Expand(_scopes[expand.Scope].Job(expand.Job), expand, now);
                break;
            case SkipJob skip:
                Conclude(_scopes[skip.Scope].Job(skip.Job), skip.Conclusion, new Dictionary<string, string>());
                break;
            case RejectLeg reject:
                Finish(Leg(reject.Leg), Execution.Conclusion.Failure, new Dictionary<string, string>());
                break;
            case TakeGroup take:
                var taker = Leg(take.Leg);
                var group = Group(taker.Group!);
                group.Holder = take.Leg;
                if (group.Waiting == take.Leg)
                {
                    group.Waiting = null;
                }

                taker.QueuedAt = now;
                Move(taker, LegPhase.Queued);
                break;
            case WaitForGroup wait:
                var waiter = Leg(wait.Leg);
                Group(waiter.Group!).Waiting = wait.Leg;
                Move(waiter, LegPhase.WaitingForGroup);
                break;
            case JoinGroup join:
                Move(Leg(join.Leg), LegPhase.WaitingForGroup);
                break;
            case StartLeg start:
                var started = Leg(start.Leg);
                started.Started = true;
                started.CancelRequestedAt = start.Cancelled ? now : null;
                Move(started, LegPhase.Running);
                break;
            case CancelLeg { WasRunning: true } cancel:
                _displaced.Remove(cancel.Leg);
                Leg(cancel.Leg).CancelRequestedAt ??= now;
                break;
            case CancelLeg cancel:
                _displaced.Remove(cancel.Leg);
                Finish(Leg(cancel.Leg), Execution.Conclusion.Cancelled, new Dictionary<string, string>());
                break;
            case ConcludeJob conclude:
                Conclude(_scopes[conclude.Scope].Job(conclude.Job), conclude.Conclusion, conclude.Outputs);
                break;
            case ConcludeCall call:
                _scopes.First(s => s.Caller == call.Caller).Concluded = true;
                Finish(Leg(call.Caller), call.Conclusion, call.Outputs);
                break;
            case ConcludeRun run:
                _scopes[0].Concluded = true;
                Conclusion = run.Conclusion;
                break;
            default:
                throw new ArgumentException($"Unknown decision {decision.GetType().Name}", nameof(decision));
        }
    }

    private void Expand(JobRecord job, ExpandJob expand, long now)
    {
        job.Phase = JobPhase.Expanded;
        job.FailFast = expand.FailFast;
        job.MaxParallel = expand.MaxParallel;
        job.NeedsContext = expand.Needs;
        job.Scope.LeaveReady(job);
        _expanded.Add(job);
        for (var i = 0; i < expand.Legs.Count; i++)
        {
            var leg = new LegRecord(new LegId(expand.Scope, expand.Job, i), job, expand.Legs[i], now);
            job.LegList.Add(leg);
            job.UnfinishedLegs++;
            Enter(leg);
        }
    }

    private void Finish(LegRecord leg, Conclusion conclusion, IReadOnlyDictionary<string, string> outputs)
    {
        leg.Conclusion = conclusion;
        leg.Outputs = outputs;
        leg.FinishedAt = ++Clock;
        Move(leg, LegPhase.Finished);
        _displaced.Remove(leg.Id);
        leg.Job.UnfinishedLegs--;
        if (leg.FailedForReal)
        {
            leg.Job.FirstFailure ??= leg;
        }

        if (leg.Group is { } name && _groups.TryGetValue(name, out var group))
        {
            if (group.Holder == leg.Id)
            {
                group.Holder = null;
            }

            if (group.Waiting == leg.Id)
            {
                group.Waiting = null;
            }
        }
    }

    private void Conclude(JobRecord job, Conclusion conclusion, IReadOnlyDictionary<string, string> outputs)
    {
        job.Phase = JobPhase.Concluded;
        job.Conclusion = conclusion;
        job.Outputs = outputs;
        _expanded.Remove(job);
        job.Scope.JobConcluded(job);
    }

    private GroupRecord Group(string name)
    {
        if (!_groups.TryGetValue(name, out var group))
        {
            _groups[name] = group = new GroupRecord();
        }

        return group;
    }
}
