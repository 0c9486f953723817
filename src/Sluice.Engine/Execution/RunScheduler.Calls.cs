using System.Globalization;
using Sluice.Engine.Planning;
using Sluice.Engine.Scheduling;
using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

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

            var (called, problem) = located.Lookup.Workflow is { } workflow
                ? PrepareCall(snapshot.Scopes[id.Scope].Definition, _contexts[id.Scope], job, leg, workflow)
                : (null, located.Lookup.Problem);
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

        private static ((RunContext Run, RunScope Scope)? Called, string? Problem) PrepareCall(RunScope caller, RunContext run, JobRecord job, LegRecord leg, Actions.CalledWorkflow located)
        {
            var read = new WorkflowReader(LocalWorkflowResolver.OptionsFor(located.SourceRoot)).ReadFile(located.Path);
            if (!read.IsValid || read.Workflow is null)
            {
                return (null, $"The called workflow is invalid: {string.Join("; ", read.Errors.Select(e => e.ToString()))}");
            }

            var called = read.Workflow;
            var context = JobLevelContext.Create(caller, job.NeedsContext, matrix: leg.Matrix, strategy: leg.Strategy, secrets: run.Secrets);
            ObjectValue inputs, secrets;
            IReadOnlyList<PlannedJob> plan;
            try
            {
                inputs = CallInputs(called, job.Job, context);
                secrets = job.Job.InheritSecrets ? run.Secrets : TokenEvaluator.EvaluateMapping(job.Job.Secrets, context);
                plan = RunPlanner.Plan(called);
            }
            catch (ExpressionException ex)
            {
                return (null, $"The inputs of the call could not be evaluated: {ex.Error.Message}");
            }
            catch (PlanException ex)
            {
                return (null, $"The called workflow cannot be planned: {ex.Message}");
            }

            var nested = new RunContext
            {
                Workflow = called,
                WorkflowFile = located.DisplayFile,
                RepositoryRoot = run.RepositoryRoot,
                RunDirectory = Path.Combine(run.RunDirectory, "calls", leg.Key),
                Github = run.Github,
                Vars = run.Vars,
                Secrets = secrets,
                Inputs = inputs,
                EventPath = run.EventPath,
                BaseEnvironment = run.BaseEnvironment,
                SkipUnsupportedSteps = run.SkipUnsupportedSteps,
                ActionCacheDirectory = run.ActionCacheDirectory,
                Repositories = run.ActionRepositories,
                ActionSettings = run.ActionSettings,
                Caches = run.Caches,
                WorkflowSourceRoot = located.SourceRoot,
                ScratchDirectory = run.ScratchDirectory is null ? null : Path.Combine(run.ScratchDirectory, "calls", leg.Key),
                JobKeyPrefix = leg.Key + ".",
                DisplayPrefix = leg.DisplayName + " / ",
            };
            var scope = new RunScope
            {
                Workflow = called,
                Plan = plan,
                Github = nested.Github,
                Vars = nested.Vars,
                Inputs = inputs,
                KeyPrefix = nested.JobKeyPrefix,
                DisplayPrefix = nested.DisplayPrefix,
            };
            return ((nested, scope), null);
        }

        /// <summary>The called workflow's declared inputs: defaults first, then the caller's <c>with</c>, typed as declared.</summary>
        private static ObjectValue CallInputs(Workflow called, Job job, EvaluationContext context)
        {
            var inputs = new ObjectValue();
            var declared = (called.FindEvent("workflow_call")?.Configuration as MappingToken)?.Get("inputs") as MappingToken;
            var given = new Dictionary<string, ExpressionValue>(TokenEvaluator.EvaluateMapping(job.With, context).Properties, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, definition) in declared?.Pairs ?? [])
            {
                var type = ((definition as MappingToken)?.Get("type") as StringToken)?.Value ?? "string";
                var value = given.TryGetValue(name.Value, out var v) ? v
                    : (definition as MappingToken)?.Get("default") is { } fallback ? TokenEvaluator.Evaluate(fallback, context)
                    : null;
                if (value is not null)
                {
                    inputs.Set(name.Value, Typed(value, type));
                }
            }

            return inputs;
        }

        private static ExpressionValue Typed(ExpressionValue value, string type) => (type, value) switch
        {
            ("boolean", StringValue s) => ExpressionValue.FromBoolean(string.Equals(s.Value, "true", StringComparison.OrdinalIgnoreCase)),
            ("number", StringValue s) when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => ExpressionValue.FromNumber(n),
            ("string", not StringValue) => ExpressionValue.FromString(value.ToDisplayString()),
            _ => value,
        };
    }
}
