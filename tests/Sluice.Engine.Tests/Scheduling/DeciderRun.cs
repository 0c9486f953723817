using Sluice.Engine.Execution;
using Sluice.Engine.Planning;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Tests.Planning;
using Sluice.Expressions;

namespace Sluice.Engine.Tests.Scheduling;

/// <summary>A run's snapshot driven by hand: the decider's decisions as short text, and legs finished by key.</summary>
internal sealed class DeciderRun(string workflow, int parallelism = 8, bool sharedGroups = false)
{
    public RunSnapshot Snapshot { get; } = new(Scope(TestWorkflows.Read(workflow)), new RunLimits(parallelism, [])) { SharedGroups = sharedGroups };

    /// <summary>Every decision until none is left, applied, as text.</summary>
    public List<string> Settle() => [.. RunDecider.Settle(Snapshot).Select(Describe)];

    public List<RunDecision> SettleDecisions() => [.. RunDecider.Settle(Snapshot)];

    public void Finish(string key, Conclusion conclusion, params (string Name, string Value)[] outputs) =>
        Snapshot.RecordLegFinished(Leg(key).Id, conclusion, outputs.ToDictionary(o => o.Name, o => o.Value));

    public LegRecord Leg(string key) =>
        Snapshot.Scopes.SelectMany(s => s.Jobs).SelectMany(j => j.Legs).Single(l => l.Key == key);

    public static RunScope Scope(Sluice.Workflows.Workflow workflow, string prefix = "") => new()
    {
        Workflow = workflow,
        Plan = RunPlanner.Plan(workflow),
        Github = new ObjectValue(),
        KeyPrefix = prefix,
        DisplayPrefix = prefix,
    };

    public string Describe(RunDecision decision) => decision switch
    {
        ExpandJob expand => $"expand {expand.Job} into {expand.Legs.Count}",
        SkipJob skip => $"skip {skip.Key} {skip.Conclusion.Name()}",
        RejectLeg reject => $"reject {Snapshot.Leg(reject.Leg).Key}",
        TakeGroup take => $"take {Snapshot.Leg(take.Leg).Group} {Snapshot.Leg(take.Leg).Key}",
        WaitForGroup wait => $"wait {Snapshot.Leg(wait.Leg).Group} {Snapshot.Leg(wait.Leg).Key}",
        JoinGroup join => $"join {Snapshot.Leg(join.Leg).Group} {Snapshot.Leg(join.Leg).Key}",
        StartLeg start => $"start {Snapshot.Leg(start.Leg).Key}{(start.Cancelled ? " cancelled" : "")}",
        CancelLeg cancel => $"cancel {Snapshot.Leg(cancel.Leg).Key} {(cancel.WasRunning ? "running" : "waiting")}",
        ConcludeJob conclude => $"conclude {conclude.Job} {conclude.Conclusion.Name()}",
        ConcludeCall call => $"call {Snapshot.Leg(call.Caller).Key} {call.Conclusion.Name()}",
        ConcludeRun run => $"run {run.Conclusion.Name()}",
        _ => decision.ToString(),
    };
}
