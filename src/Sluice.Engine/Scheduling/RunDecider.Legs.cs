namespace Sluice.Engine.Scheduling;

public static partial class RunDecider
{
    /// <summary>
    /// Fail-fast: once a leg fails (and its <c>continue-on-error</c> does not allow it), the matrix's other legs are
    /// cancelled, those still waiting without ever starting. A cancelled run or call: legs that were waiting when it was
    /// cancelled end without starting, running ones are asked to stop.
    /// </summary>
    private static CancelLeg? Cancellation(RunSnapshot run)
    {
        foreach (var job in run.ExpandedJobs)
        {
            var cancelledAt = run.CancelledAtOf(job.Scope);
            var trigger = job.FailFast ? job.FirstFailure : null;
            if (trigger is null && cancelledAt is null)
            {
                continue;
            }

            var note = trigger is null ? ((string, string)?)null : ("error", $"The job was canceled because \"{trigger.DisplayName}\" failed.");
            foreach (var leg in job.Legs)
            {
                if (leg.Phase == LegPhase.Running)
                {
                    if (leg.CancelRequestedAt is null)
                    {
                        return new CancelLeg(leg.Id, WasRunning: true, note);
                    }
                }
                else if (leg.Phase != LegPhase.Finished && (trigger is not null || leg.EnteredAt < cancelledAt))
                {
                    return new CancelLeg(leg.Id, WasRunning: false, note);
                }
            }
        }

        return null;
    }

    private static RejectLeg? Rejection(RunSnapshot run) => run.InvalidLegs.Count > 0 ? new RejectLeg(run.InvalidLegs[0].Id) : null;

    /// <summary>
    /// Concurrency groups, as GitHub runs them within a run: a free group goes to the leg waiting for it; a leg that
    /// arrives at a busy group waits, replacing (cancelling) the one that waited before it, and with
    /// <c>cancel-in-progress</c> it also cancels the one that holds the group.
    /// </summary>
    private static RunDecision? GroupChange(RunSnapshot run)
    {
        if (run.SharedGroups)
        {
            return SharedGroupChange(run);
        }

        foreach (var (_, group) in run.Groups)
        {
            if (group.Holder is null && group.Waiting is { } next)
            {
                return new TakeGroup(next);
            }
        }

        var arriving = run.ArrivingLegs.FirstOrDefault();
        if (arriving is null)
        {
            return null;
        }

        var name = arriving.Group!;
        if (!run.Groups.TryGetValue(name, out var busy) || (busy.Holder is null && busy.Waiting is null))
        {
            return new TakeGroup(arriving.Id);
        }

        if (busy.Waiting is { } replaced)
        {
            return new CancelLeg(replaced, WasRunning: false, ("warning", $"Canceled: another job in the concurrency group '{name}' took its place."));
        }

        if (arriving.CancelInProgress && busy.Holder is { } holder && run.Leg(holder).CancelRequestedAt is null)
        {
            var running = run.Leg(holder).Phase == LegPhase.Running;
            return new CancelLeg(holder, running, ("warning", $"Canceled: a newer job in the concurrency group '{name}' cancels the one in progress."));
        }

        return new WaitForGroup(arriving.Id);
    }

    /// <summary>
    /// Groups kept by the driver across runs: a leg a newer member displaced is cancelled (stopped when it runs), and a
    /// leg that arrives at its group asks the driver for it.
    /// </summary>
    private static RunDecision? SharedGroupChange(RunSnapshot run)
    {
        foreach (var (id, reason) in run.DisplacedLegs)
        {
            var leg = run.Leg(id);
            if (leg.Phase == LegPhase.Running)
            {
                if (leg.CancelRequestedAt is null)
                {
                    return new CancelLeg(id, WasRunning: true, ("warning", reason));
                }
            }
            else if (leg.Phase != LegPhase.Finished)
            {
                return new CancelLeg(id, WasRunning: false, ("warning", reason));
            }
        }

        return run.ArrivingLegs.FirstOrDefault() is { } arriving ? new JoinGroup(arriving.Id) : null;
    }

    /// <summary>
    /// The first leg, in the order legs became ready, that has a slot: its matrix's <c>max-parallel</c> (calls count
    /// there) and the run's <c>--parallel</c> (only legs that run steps count there).
    /// </summary>
    private static StartLeg? Start(RunSnapshot run)
    {
        var slots = Math.Max(1, run.Limits.Parallelism);
        foreach (var leg in run.QueuedLegs)
        {
            if (leg.Job.MaxParallel is { } max && leg.Job.RunningLegs >= max)
            {
                continue;
            }

            if (!leg.IsCall && run.RunningSteps >= slots)
            {
                continue;
            }

            return new StartLeg(leg.Id, Cancelled: run.CancelledAtOf(leg.Job.Scope) is not null);
        }

        return null;
    }
}
