using Sluice.Engine.Execution;
using Sluice.Engine.Scheduling;
using Sluice.Expressions;
using Sluice.Server.Storage;
using Sluice.Workflows;

namespace Sluice.Server.Runs;

/// <summary>
/// Reusable workflows on the server: a calling leg that starts has its workflow located (<see cref="CalledWorkflowFinder"/>:
/// the run's repository at the run's commit, or another repository through the action store) and recorded as a
/// <c>call</c> run event (its file and text, or why it cannot run). Recording the event
/// makes the call a scope of the run with <see cref="WorkflowCall"/>, the piece <c>sluice run</c> uses, so a restarted
/// server rebuilds the same scope from the event without locating the workflow again.
/// </summary>
public sealed partial class RunCoordinator
{
    /// <summary>
    /// Locates a call and records it. A call that may fetch another repository is located away from the request that
    /// advanced the run (an agent's completion must not wait on a fetch); the run advances again once it is recorded. A
    /// server stopped before that locates it again when the run resumes, since the leg started no job.
    /// </summary>
    private async Task LocateCallAsync(RunState state, LegId id, CancellationToken cancellationToken)
    {
        var uses = state.Snapshot!.Scopes[id.Scope].Job(id.Job).Job.Uses!;
        if (!CalledWorkflowFinder.MayFetch(uses, state.Scopes[id.Scope].File))
        {
            await FindAndRecordCallAsync(state, id, uses, cancellationToken).ConfigureAwait(false);
            return;
        }

        var runId = state.RunId;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await FindAndRecordCallAsync(state, id, uses, CancellationToken.None).ConfigureAwait(false);
                    await AdvanceAsync(runId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or StoreException)
                {
                    // The server is stopping; the call is located again when the run resumes.
                }
            },
            CancellationToken.None);
    }

    private async Task FindAndRecordCallAsync(RunState state, LegId id, string uses, CancellationToken cancellationToken)
    {
        var run = state.Run!;
        var key = state.Snapshot!.Leg(id).Key;
        var repository = await store.RepositoryAsync(run.Repository, cancellationToken).ConfigureAwait(false);
        var secrets = (await SecretsOfAsync(state, 0, cancellationToken).ConfigureAwait(false)).Properties.ToDictionary(s => s.Key, s => s.Value.ToDisplayString(), StringComparer.Ordinal);
        var found = await calledWorkflows.FindAsync(run, repository, uses, state.Scopes[id.Scope].File, secrets, cancellationToken).ConfigureAwait(false);
        await store.RecordCallAsync(state.RunId, key, found.Detail, found.Text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A 'call' event: the call becomes a scope of the run, or the calling leg fails saying why.</summary>
    private async Task RecordCallAsync(RunState state, LegId caller, RunEvent happening, CancellationToken cancellationToken)
    {
        var snapshot = state.Snapshot!;
        string? problem;
        if (happening.Body is { } text && happening.Detail is { } file)
        {
            var read = new WorkflowReader().Read(file, text);
            var (call, why) = WorkflowCall.Prepare(snapshot, caller, read, await SecretsOfAsync(state, caller.Scope, cancellationToken).ConfigureAwait(false));
            if (call is not null)
            {
                var scope = snapshot.RecordCall(caller, call.Scope);
                if (scope.Index != state.Scopes.Count)
                {
                    throw new InvalidOperationException("A called workflow's scope and its recorded call are out of step.");
                }

                state.Scopes.Add(new ScopeState(file, text, call.Secrets));
                return;
            }

            problem = why;
        }
        else
        {
            problem = happening.Detail ?? "the called workflow could not be located";
        }

        var leg = snapshot.Leg(caller);
        snapshot.RecordLegFinished(caller, Conclusion.Failure, new Dictionary<string, string>());
        LeaveGroupLater(state, leg);
        await store.EndLegWithoutRunningAsync(Unrun(state, leg.Key, caller.Job, leg.DisplayName, Conclusion.Failure, problem), "failure", "{}", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The secrets of a scope: the run's for its own workflow, those its caller passed for a called one.</summary>
    private async Task<ObjectValue> SecretsOfAsync(RunState state, int scope, CancellationToken cancellationToken)
    {
        if (state.Scopes[scope].Secrets is { } passed)
        {
            return passed;
        }

        if (state.RunSecrets is null)
        {
            var all = new ObjectValue();
            foreach (var (name, value) in await RunSecrets.OpenAsync(store, secretBox, state.Run!, cancellationToken).ConfigureAwait(false))
            {
                all.Set(name, ExpressionValue.FromString(value));
            }

            state.RunSecrets = all;
        }

        return state.RunSecrets;
    }

    /// <summary>What a job of a called workflow carries for its agent (its secrets sealed, as they are at rest); null for the run's own workflow.</summary>
    private CallPayload? CallOf(RunState state, int scope)
    {
        if (state.Scopes[scope] is not { File: { } file, Text: { } text, Secrets: { } secrets })
        {
            return null;
        }

        var run = state.Run!;
        var sealedSecrets = secrets.Properties.ToDictionary(s => s.Key, s => secretBox.Seal(run.Repository, s.Key, s.Value.ToDisplayString()), StringComparer.Ordinal);
        return new CallPayload(file, text, state.Snapshot!.Scopes[scope].Definition.Inputs, sealedSecrets);
    }

    /// <summary>Beside a scope of the snapshot: a called workflow's file, text and the secrets its caller passed; all null for the run's own workflow.</summary>
    private sealed record ScopeState(string? File, string? Text, ObjectValue? Secrets = null);
}
