using Sluice.Engine.Scheduling;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

public sealed partial class RunScheduler
{
    /// <summary>
    /// A job that calls a reusable workflow (<c>uses: ./.github/workflows/x.yml</c>, or
    /// <c>owner/repo/.github/workflows/x.yml@ref</c> from the action cache): the called workflow's jobs run as part of
    /// this run, with <c>inputs</c> from <c>with</c> (typed by its <c>workflow_call</c> inputs), <c>secrets</c> mapped or
    /// inherited, and the calling leg's outputs taken from its <c>workflow_call</c> outputs when its jobs conclude.
    /// </summary>
    private sealed partial class Drive
    {
        /// <summary>
        /// Starts a call: the called workflow is found first (another repository's may have to be looked up, which is
        /// not done on the scheduler's thread), then <see cref="ContinueCall"/> reads it and gives its jobs to the
        /// snapshot as a scope of their own, or fails the leg saying why.
        /// </summary>
        private void StartCall(LegId id)
        {
            var leg = snapshot.Leg(id);
            var job = snapshot.Scopes[id.Scope].Job(id.Job);
            var run = _contexts[id.Scope];
            observer.JobStarted(leg.Key, leg.DisplayName);
            _callsStarted[id] = timeProvider.GetTimestamp();
            _callsLocating++;
            _jobs.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        var uses = job.Job.Uses!;
                        var located = Actions.ActionReference.Parse(uses, out _) is { } reference && run.ActionSettings.Policy.Refusal(reference) is { } refusal
                            ? new Actions.CalledWorkflowLookup(null, refusal, false)
                            : await Actions.CalledWorkflowLocator.LocateAsync(uses, run.WorkflowSourceRoot ?? run.RepositoryRoot, run.ActionRepositories, CancellationToken.None).ConfigureAwait(false);
                        _happenings.Writer.TryWrite(new CallLocated(id, located));
                    }
                    catch (Exception ex)
                    {
                        _happenings.Writer.TryWrite(new JobFaulted(id, ex));
                    }
                },
                CancellationToken.None));
        }

        private void ContinueCall(CallLocated located)
        {
            _callsLocating--;
            var id = located.Leg;
            var leg = snapshot.Leg(id);
            var job = snapshot.Scopes[id.Scope].Job(id.Job);
            if (located.Lookup.Workflow?.Copy is { } copy && Actions.ActionReference.Parse(job.Job.Uses!, out _) is { } reference)
            {
                foreach (var line in Actions.RepositoryAnnouncement.Lines(reference, copy, "reusable workflow repository"))
                {
                    observer.Line(leg.Key, null, masker.Mask(line), false, null);
                }
            }

            var problem = located.Lookup.Problem;
            var called = located.Lookup.Workflow is { } workflow ? PrepareCall(id, workflow, out problem) : null;
            if (called is null)
            {
                ReportCallEnd(id, Conclusion.Failure, new Dictionary<string, string>(), problem);
                snapshot.RecordLegFinished(id, Conclusion.Failure, new Dictionary<string, string>());
                return;
            }

            var scope = snapshot.RecordCall(id, called.Value.Scope);
            if (scope.Index != _contexts.Count)
            {
                throw new InvalidOperationException("A called workflow's scope and its run context are out of step.");
            }

            _contexts.Add(called.Value.Run);
        }

        private void FinishCall(ConcludeCall call) => ReportCallEnd(call.Caller, call.Conclusion, call.Outputs, call.Problem);

        private void ReportCallEnd(LegId id, Conclusion conclusion, IReadOnlyDictionary<string, string> outputs, string? problem)
        {
            var leg = snapshot.Leg(id);
            if (problem is not null)
            {
                observer.Annotation(leg.Key, "error", masker.Mask(problem), null, null);
            }

            var result = new JobResult(id.Job, leg.DisplayName, conclusion, outputs, [], [], timeProvider.GetElapsedTime(_callsStarted[id]));
            observer.JobFinished(leg.Key, result);
            _finished.Add(result);
        }

        /// <summary>The called workflow read from its file and made a scope (<see cref="WorkflowCall"/>), with the run context its jobs run in.</summary>
        private (RunContext Run, RunScope Scope)? PrepareCall(LegId id, Actions.CalledWorkflow located, out string? problem)
        {
            var run = _contexts[id.Scope];
            var leg = snapshot.Leg(id);
            var read = new WorkflowReader(LocalWorkflowResolver.OptionsFor(located.SourceRoot)).ReadFile(located.Path);
            var (call, why) = WorkflowCall.Prepare(snapshot, id, read, run.Secrets);
            problem = why;
            if (call is null)
            {
                return null;
            }

            var nested = new RunContext
            {
                Workflow = call.Scope.Workflow,
                WorkflowFile = located.DisplayFile,
                RepositoryRoot = run.RepositoryRoot,
                RunDirectory = Path.Combine(run.RunDirectory, "calls", leg.Key),
                Github = run.Github,
                Vars = run.Vars,
                Secrets = call.Secrets,
                Inputs = call.Scope.Inputs,
                EventPath = run.EventPath,
                BaseEnvironment = run.BaseEnvironment,
                SkipUnsupportedSteps = run.SkipUnsupportedSteps,
                ActionCacheDirectory = run.ActionCacheDirectory,
                Repositories = run.ActionRepositories,
                ActionSettings = run.ActionSettings,
                Caches = run.Caches,
                WorkflowSourceRoot = located.SourceRoot,
                ScratchDirectory = run.ScratchDirectory is null ? null : Path.Combine(run.ScratchDirectory, "calls", leg.Key),
                JobKeyPrefix = call.Scope.KeyPrefix,
                DisplayPrefix = call.Scope.DisplayPrefix,
            };
            return (nested, call.Scope);
        }
    }
}
