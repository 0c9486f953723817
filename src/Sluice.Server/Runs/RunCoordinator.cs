using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Engine.Execution;
using Sluice.Engine.Planning;
using Sluice.Engine.Scheduling;
using Sluice.Expressions;
using Sluice.Security.Secrets;
using Sluice.Server.Deployments;
using Sluice.Server.Repositories;
using Sluice.Server.Storage;
using Sluice.Workflows;

namespace Sluice.Server.Runs;

/// <summary>
/// Drives each run's state machine (<see cref="RunDecider"/>, the one <c>sluice run</c> drives in memory) from the
/// database. What happened to a run is stored as its run events (a leg finished, the run was cancelled); the run's state
/// is those events replayed over its plan, so a restarted server rebuilds it exactly. Decisions become rows: a leg that
/// starts is a queued job for the agents, one that ends without running a completed job, a cancelled leg a cancel
/// request, the run's end its conclusion. Carrying a decision out twice (after a restart) changes nothing.
/// </summary>
public sealed partial class RunCoordinator(IServerStore store, JobSignal jobs, TimeProvider time, SecretBox secretBox, CalledWorkflowFinder calledWorkflows, DeploymentOpener deployments)
{
    private readonly ConcurrentDictionary<long, RunState> _runs = new();

    /// <summary>Raised after a run concluded, with its conclusion (for metrics and traces).</summary>
    public event Action<long, string>? RunConcluded;

    /// <summary>Raised when a run's state is built: when it starts, or is resumed after a restart (for traces).</summary>
    public event Action<RunRecord>? RunLoaded;

    /// <summary>Brings the run's state up to date with its events and carries out what follows; safe to call at any time, from any thread.</summary>
    public async Task AdvanceAsync(long runId, CancellationToken cancellationToken)
    {
        var state = _runs.GetOrAdd(runId, id => new RunState(id));
        IReadOnlyList<long> others;
        await state.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (state.Discarded)
        {
            // An advance that failed meanwhile threw this state away: start again from the stored events.
            state.Lock.Release();
            await AdvanceAsync(runId, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            state.Touched = time.GetUtcNow();
            if (state.Snapshot is null && !await LoadAsync(state, cancellationToken).ConfigureAwait(false))
            {
                _runs.TryRemove(runId, out _);
                others = state.TakeAffected();
            }
            else
            {
                await CatchUpAsync(state, cancellationToken).ConfigureAwait(false);
                others = state.TakeAffected();
                if (state.Concluded is { } conclusion)
                {
                    _runs.TryRemove(runId, out _);
                    if (state.EndedHere)
                    {
                        RunConcluded?.Invoke(runId, conclusion);
                    }
                }
            }

            Settled(runId);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Unsettled(state);
            throw;
        }
        finally
        {
            state.Lock.Release();
        }

        // Runs that share a concurrency group with this one and whose events changed (displaced, or now holding the
        // group) go on after this run's lock is released, so that two runs advancing each other never wait on each other.
        foreach (var other in others.Where(id => id != runId))
        {
            await AdvanceAsync(other, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CatchUpAsync(RunState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            await SettleAsync(state, cancellationToken).ConfigureAwait(false);
            if (state.Concluded is not null)
            {
                return;
            }

            var events = await store.RunEventsAsync(state.RunId, state.AppliedSeq, cancellationToken).ConfigureAwait(false);
            if (events.Count == 0)
            {
                return;
            }

            foreach (var happening in events)
            {
                await SettleAsync(state, cancellationToken).ConfigureAwait(false);
                await RecordAsync(state, happening, cancellationToken).ConfigureAwait(false);
                state.AppliedSeq = happening.Seq;
                if (state.Concluded is not null)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Resumes every unfinished run (after a start or restart of the server).</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        foreach (var run in await store.UnfinishedRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            await AdvanceAsync(run.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> LoadAsync(RunState state, CancellationToken cancellationToken)
    {
        var run = await store.RunAsync(state.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.Status == RunStatuses.Completed)
        {
            return false;
        }

        state.Run = run;
        var read = new WorkflowReader().Read(run.WorkflowFile, run.WorkflowText);
        var (github, inputs, vars) = RunContextJson.Read(run.ContextJson);
        RunIdentity.Apply(github, run);
        IReadOnlyList<PlannedJob> plan;
        try
        {
            plan = read.IsValid ? RunPlanner.Plan(read.Workflow!, null, includeNeeds: true) : throw new PlanException(string.Join("; ", read.Errors));
        }
        catch (PlanException ex)
        {
            await store.FinishRunAsync(run.Id, "failure", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await store.AuditAsync("server", null, "run.refused", $"run {run.Id}", ex.Message, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (run is { FailedOnly: true, RerunOf: { } original })
        {
            foreach (var done in await store.JobsAsync(original, cancellationToken).ConfigureAwait(false))
            {
                if (done.Conclusion == "success")
                {
                    state.Reused[done.Key] = done.OutputsJson ?? "{}";
                }
            }
        }
        else if (run is { RollbackOf: { } failed, RerunOf: { } healthy })
        {
            await ReuseAllButRedeployAsync(state, failed, healthy, plan, cancellationToken).ConfigureAwait(false);
        }

        var scope = new RunScope { Workflow = read.Workflow!, Plan = plan, Github = github, Vars = vars, Inputs = inputs, EnvironmentGroups = true };
        ConcurrencySetting? group;
        try
        {
            group = ConcurrencySetting.OfWorkflow(scope);
        }
        catch (ExpressionException ex)
        {
            await store.FinishRunAsync(run.Id, "failure", time.GetUtcNow(), cancellationToken, $"The workflow's concurrency could not be evaluated: {ex.Error.Message}").ConfigureAwait(false);
            return false;
        }

        state.Scopes.Add(new ScopeState(null, null));
        state.Snapshot = new RunSnapshot(scope, new RunLimits(int.MaxValue, [])) { SharedGroups = true };
        RunLoaded?.Invoke(run);
        if (group is not null)
        {
            // The run's jobs wait until the run holds its workflow's group (a 'group' event 'admitted' with no leg).
            state.RunGroup = group;
            state.WaitingForGroup = true;
            var entry = await store.EnterConcurrencyGroupAsync(new ConcurrencyClaim(run.Id, "", group.Group, group.CancelInProgress, null), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            state.Affected.UnionWith(entry.AffectedRuns);
        }

        return true;
    }

    private async Task SettleAsync(RunState state, CancellationToken cancellationToken)
    {
        if (state.WaitingForGroup || state.Concluded is not null)
        {
            return;
        }

        var snapshot = state.Snapshot!;
        var queue = new List<NewJob>();
        var joins = new List<ConcurrencyClaim>();
        var cancels = new List<string>();
        var ended = new List<(NewJob Job, string Conclusion, string Outputs)>();
        var calls = new List<LegId>();
        var deploying = new List<(LegId Leg, int Index)>();
        string? concluded = null;
        while (RunDecider.Next(snapshot) is { } decision)
        {
            snapshot.Apply(decision);
            switch (decision)
            {
                case SkipJob skip:
                    queue.Add(Unrun(state, skip.Key, skip.Job, skip.DisplayName, skip.Conclusion, skip.Problem));
                    break;
                case RejectLeg reject:
                    var refused = snapshot.Leg(reject.Leg);
                    queue.Add(Unrun(state, refused.Key, reject.Leg.Job, refused.DisplayName, Conclusion.Failure, refused.Problem));
                    break;
                case CancelLeg { WasRunning: false } notStarted:
                    var waiting = snapshot.Leg(notStarted.Leg);
                    queue.Add(Unrun(state, waiting.Key, notStarted.Leg.Job, waiting.DisplayName, Conclusion.Cancelled, notStarted.Annotation?.Message));
                    LeaveGroupLater(state, waiting);
                    break;
                case JoinGroup join:
                    var joining = snapshot.Leg(join.Leg);
                    joins.Add(new ConcurrencyClaim(state.RunId, joining.Key, joining.Group!, joining.CancelInProgress, JobOf(state, join.Leg, cancelled: false)));
                    break;
                case CancelLeg running:
                    cancels.Add(snapshot.Leg(running.Leg).Key);
                    break;
                case StartLeg start when snapshot.Leg(start.Leg).IsCall:
                    // The called workflow is located once and recorded as a 'call' event, which makes its scope (RunCoordinator.Calls.cs).
                    state.Calls[snapshot.Leg(start.Leg).Key] = start.Leg;
                    calls.Add(start.Leg);
                    break;
                case ConcludeCall call:
                    var caller = snapshot.Leg(call.Caller);
                    var callOutputs = JsonSerializer.Serialize(new Dictionary<string, string>(call.Outputs, StringComparer.Ordinal), ServerJson.Default.DictionaryStringString);
                    ended.Add((Unrun(state, caller.Key, call.Caller.Job, caller.DisplayName, call.Conclusion, call.Problem), call.Conclusion.Name(), callOutputs));
                    LeaveGroupLater(state, caller);
                    break;
                case StartLeg start when state.Reused.TryGetValue(snapshot.Leg(start.Leg).Key, out var outputs):
                    // A re-run of failed jobs: this leg succeeded in the run it repeats, so its result and outputs stand.
                    var kept = snapshot.Leg(start.Leg);
                    state.Legs[kept.Key] = start.Leg;
                    ended.Add((Unrun(state, kept.Key, start.Leg.Job, kept.DisplayName, Conclusion.Success, $"kept from run {state.Run!.RerunOf}"), "success", outputs));
                    break;
                case StartLeg start:
                    if (snapshot.Leg(start.Leg).Environment is not null && !start.Cancelled)
                    {
                        deploying.Add((start.Leg, queue.Count));
                    }

                    queue.Add(JobOf(state, start.Leg, start.Cancelled));
                    break;
                case ConcludeRun done:
                    concluded = done.Conclusion.Name();
                    break;
            }
        }

        if (deploying.Count > 0)
        {
            ended.AddRange(await OpenDeploymentsAsync(state, queue, deploying, cancellationToken).ConfigureAwait(false));
        }

        var now = time.GetUtcNow();
        if (queue.Count > 0)
        {
            await store.QueueJobsAsync(queue, now, cancellationToken).ConfigureAwait(false);
            jobs.Pulse();
        }

        foreach (var (job, conclusion, outputs) in ended)
        {
            await store.EndLegWithoutRunningAsync(job, conclusion, outputs, now, cancellationToken).ConfigureAwait(false);
        }

        if (cancels.Count > 0)
        {
            var rows = await store.JobsAsync(state.RunId, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Where(r => cancels.Contains(r.Key)))
            {
                await store.RequestJobCancelAsync(row.Id, now, cancellationToken).ConfigureAwait(false);
            }

            jobs.Pulse();
        }

        foreach (var call in calls)
        {
            await LocateCallAsync(state, call, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in joins)
        {
            var entry = await store.EnterConcurrencyGroupAsync(claim, now, cancellationToken).ConfigureAwait(false);
            state.Affected.UnionWith(entry.AffectedRuns);
        }

        await LeaveGroupsAsync(state, cancellationToken).ConfigureAwait(false);
        if (concluded is not null)
        {
            state.EndedHere = await store.FinishRunAsync(state.RunId, concluded, now, cancellationToken).ConfigureAwait(false);
            await ConcludeAsync(state, concluded, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run ended: it leaves its workflow's group, which goes to the run waiting for it.</summary>
    private async Task ConcludeAsync(RunState state, string conclusion, CancellationToken cancellationToken)
    {
        state.Concluded = conclusion;
        if (state.RunGroup is not null)
        {
            state.Affected.UnionWith(await store.LeaveConcurrencyGroupAsync(state.RunId, "", cancellationToken).ConfigureAwait(false));
        }
    }

    private static void LeaveGroupLater(RunState state, LegRecord leg)
    {
        if (leg.Group is not null)
        {
            state.Leaving.Add(leg.Key);
        }
    }

    /// <summary>Legs that finished leave their groups, which go to the legs waiting for them (in this run or another).</summary>
    private async Task LeaveGroupsAsync(RunState state, CancellationToken cancellationToken)
    {
        foreach (var key in state.Leaving)
        {
            state.Affected.UnionWith(await store.LeaveConcurrencyGroupAsync(state.RunId, key, cancellationToken).ConfigureAwait(false));
        }

        state.Leaving.Clear();
    }

    /// <summary>The job row of a leg that starts (or waits for its group, to be shown while it does).</summary>
    private NewJob JobOf(RunState state, LegId id, bool cancelled)
    {
        var snapshot = state.Snapshot!;
        var leg = snapshot.Leg(id);
        var job = snapshot.Scopes[id.Scope].Job(id.Job);
        state.Legs[leg.Key] = id;
        IReadOnlyList<string> labels;
        string? problem = null;
        try
        {
            labels = RunnerLabels.For(job, leg, snapshot.Scopes[id.Scope].Definition);
        }
        catch (ExpressionException ex)
        {
            labels = [];
            problem = $"runs-on: {ex.Message}";
        }

        var payload = LegPayload.Write(leg.Matrix, leg.Strategy, job.NeedsContext, problem, CallOf(state, id.Scope), leg.Environment?.Name);
        return new NewJob(state.RunId, leg.Key, job.Id, leg.DisplayName, labels, payload, null, cancelled);
    }

    private static NewJob Unrun(RunState state, string key, string jobName, string display, Conclusion conclusion, string? problem) =>
        new(state.RunId, key, jobName, display, [], LegPayload.Write(new ObjectValue(), new ObjectValue(), new ObjectValue(), problem), conclusion.Name(), false);

    private async Task RecordAsync(RunState state, RunEvent happening, CancellationToken cancellationToken)
    {
        var snapshot = state.Snapshot!;
        switch (happening.Kind)
        {
            case "cancel" when state.WaitingForGroup:
                // Cancelled while it waited for its workflow's group (by hand, or a newer run took its place): no job runs.
                state.EndedHere = await store.FinishRunAsync(state.RunId, "cancelled", time.GetUtcNow(), cancellationToken, happening.Detail).ConfigureAwait(false);
                await ConcludeAsync(state, "cancelled", cancellationToken).ConfigureAwait(false);
                break;
            case "cancel":
                snapshot.RecordCancelled();
                break;
            case "group" when happening.LegKey is { Length: 0 }:
                state.WaitingForGroup &= happening.Conclusion != "admitted";
                break;
            case "group" when happening.LegKey is { } key && state.Legs.TryGetValue(key, out var member):
                if (happening.Conclusion == "admitted")
                {
                    snapshot.RecordGroupTaken(member);
                }
                else
                {
                    snapshot.RecordGroupCancelled(member, happening.Detail ?? "Canceled by its concurrency group.");
                }

                break;
            case "call" when happening.LegKey is { } key && state.Calls.Remove(key, out var caller):
                await RecordCallAsync(state, caller, happening, cancellationToken).ConfigureAwait(false);
                break;
            // A calling leg is finished by its scope's end or its 'call' event; the 'leg' event of its row only shows it.
            case "leg" when happening.LegKey is { } key && state.Legs.TryGetValue(key, out var leg) && !snapshot.Leg(leg).IsCall:
                var outputs = happening.OutputsJson is { Length: > 0 } json
                    ? JsonSerializer.Deserialize(json, ServerJson.Default.DictionaryStringString) ?? []
                    : [];
                if (snapshot.Leg(leg).Environment is not null && await DeployEndedAsync(state, key, happening.Conclusion, cancellationToken).ConfigureAwait(false))
                {
                    // Deployed: the leg ends when its health gate's window does (a 'verified' event).
                    state.Verifying[key] = (leg, outputs);
                    break;
                }

                snapshot.RecordLegFinished(leg, ParseConclusion(happening.Conclusion), outputs);
                LeaveGroupLater(state, snapshot.Leg(leg));
                break;
            case "verified" when happening.LegKey is { } key && state.Verifying.Remove(key, out var verified):
                snapshot.RecordLegFinished(verified.Leg, ParseConclusion(happening.Conclusion), verified.Outputs);
                LeaveGroupLater(state, snapshot.Leg(verified.Leg));
                break;
        }
    }

    public static Conclusion ParseConclusion(string? name) => name switch
    {
        "success" => Conclusion.Success,
        "cancelled" => Conclusion.Cancelled,
        "skipped" => Conclusion.Skipped,
        _ => Conclusion.Failure,
    };

    private sealed class RunState(long runId)
    {
        public long RunId { get; } = runId;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        /// <summary>When this server last advanced the run (see <see cref="ForgetEndedElsewhereAsync"/>).</summary>
        public DateTimeOffset Touched { get; set; }

        /// <summary>An advance failed part way: this state may not match what was stored, and is not used again.</summary>
        public bool Discarded { get; set; }

        public RunRecord? Run { get; set; }

        /// <summary>Beside each scope of the snapshot: for a called workflow, its file, text and secrets.</summary>
        public List<ScopeState> Scopes { get; } = [];

        /// <summary>Calling legs that started and whose 'call' event is not recorded yet, by key.</summary>
        public Dictionary<string, LegId> Calls { get; } = new(StringComparer.Ordinal);

        /// <summary>The repository's secrets as the run may have them, once a call needed them.</summary>
        public ObjectValue? RunSecrets { get; set; }

        public RunSnapshot? Snapshot { get; set; }

        public long AppliedSeq { get; set; }

        /// <summary>For a re-run of failed jobs: the legs that succeeded in the run it repeats, with their outputs.</summary>
        public Dictionary<string, string> Reused { get; } = new(StringComparer.Ordinal);

        /// <summary>Each started (or group-joining) leg's key, to find it when its end or its group's answer is recorded.</summary>
        public Dictionary<string, LegId> Legs { get; } = new(StringComparer.Ordinal);

        /// <summary>Deploy legs whose job succeeded and whose health gate decides their end, with their outputs, by key.</summary>
        public Dictionary<string, (LegId Leg, Dictionary<string, string> Outputs)> Verifying { get; } = new(StringComparer.Ordinal);

        /// <summary>The workflow's <c>concurrency</c>, or null.</summary>
        public ConcurrencySetting? RunGroup { get; set; }

        /// <summary>The run waits for its workflow's group: nothing of it is decided until it holds it.</summary>
        public bool WaitingForGroup { get; set; }

        /// <summary>The run's conclusion once it is stored.</summary>
        public string? Concluded { get; set; }

        /// <summary>This server's write ended the run (not another replica's before it): only then is its end announced.</summary>
        public bool EndedHere { get; set; }

        /// <summary>Keys of legs that finished and still have to leave their groups.</summary>
        public HashSet<string> Leaving { get; } = new(StringComparer.Ordinal);

        /// <summary>Other runs whose events changed by this run's groups, to advance once this run's lock is released.</summary>
        public HashSet<long> Affected { get; } = [];

        public IReadOnlyList<long> TakeAffected()
        {
            var runs = Affected.ToList();
            Affected.Clear();
            return runs;
        }
    }
}
