using System.Globalization;
using Sluice.Engine.Planning;
using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution;

public sealed partial class RunScheduler
{
    /// <summary>
    /// A job that calls a reusable workflow (<c>uses: ./.github/workflows/x.yml</c>, or
    /// <c>owner/repo/.github/workflows/x.yml@ref</c> from the action cache): the called workflow's jobs
    /// run as part of this run, with <c>inputs</c> from <c>with</c> (typed by its <c>workflow_call</c> inputs),
    /// <c>secrets</c> mapped or inherited, and the calling job's outputs taken from its <c>workflow_call</c> outputs.
    /// </summary>
    private async Task<JobResult> RunCallAsync(RunContext run, Job job, ObjectValue leg, ObjectValue strategy, ObjectValue needs, string key, string display, RunState state, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var observer = state.Observer;
        observer.JobStarted(key, display);
        JobResult Finish(Conclusion conclusion, IReadOnlyDictionary<string, string> outputs, string? error)
        {
            if (error is not null)
            {
                observer.Annotation(key, "error", state.Masker.Mask(error), null, null);
            }

            var result = new JobResult(job.Id, display, conclusion, outputs, [], [], timeProvider.GetElapsedTime(started));
            observer.JobFinished(key, result);
            lock (state.Finished)
            {
                state.Finished.Add(result);
            }

            return result;
        }

        var located = Actions.CalledWorkflowLocator.Locate(job.Uses!, run.WorkflowSourceRoot ?? run.RepositoryRoot, Actions.ActionCache.For(run), out var problem, out _);
        if (located is null)
        {
            return Finish(Conclusion.Failure, new Dictionary<string, string>(), problem);
        }

        var read = new WorkflowReader(LocalWorkflowResolver.OptionsFor(located.SourceRoot)).ReadFile(located.Path);
        if (!read.IsValid || read.Workflow is null)
        {
            return Finish(Conclusion.Failure, new Dictionary<string, string>(), $"The called workflow is invalid: {string.Join("; ", read.Errors.Select(e => e.ToString()))}");
        }

        var called = read.Workflow;
        var context = JobLevelContext(run, needs, matrix: leg, strategy: strategy, withSecrets: true);

        ObjectValue inputs, secrets;
        try
        {
            inputs = CallInputs(called, job, context);
            secrets = job.InheritSecrets ? run.Secrets : TokenEvaluator.EvaluateMapping(job.Secrets, context);
        }
        catch (ExpressionException ex)
        {
            return Finish(Conclusion.Failure, new Dictionary<string, string>(), $"The inputs of the call could not be evaluated: {ex.Error.Message}");
        }

        var nested = new RunContext
        {
            Workflow = called,
            WorkflowFile = located.DisplayFile,
            RepositoryRoot = run.RepositoryRoot,
            RunDirectory = Path.Combine(run.RunDirectory, "calls", key),
            Github = run.Github,
            Vars = run.Vars,
            Secrets = secrets,
            Inputs = inputs,
            EventPath = run.EventPath,
            BaseEnvironment = run.BaseEnvironment,
            SkipUnsupportedSteps = run.SkipUnsupportedSteps,
            ActionCacheDirectory = run.ActionCacheDirectory,
            WorkflowSourceRoot = located.SourceRoot,
            ScratchDirectory = run.ScratchDirectory is null ? null : Path.Combine(run.ScratchDirectory, "calls", key),
            JobKeyPrefix = key + ".",
            DisplayPrefix = display + " / ",
        };
        var outcomes = await RunJobsAsync(nested, RunPlanner.Plan(called), state, cancellationToken).ConfigureAwait(false);
        var conclusion = cancellationToken.IsCancellationRequested ? Conclusion.Cancelled
            : outcomes.Values.Any(o => o.Result == Conclusion.Failure) ? Conclusion.Failure
            : Conclusion.Success;
        try
        {
            return Finish(conclusion, CallOutputs(called, nested, outcomes), null);
        }
        catch (ExpressionException ex)
        {
            return Finish(Conclusion.Failure, new Dictionary<string, string>(), $"The outputs of the called workflow could not be evaluated: {ex.Error.Message}");
        }
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

    /// <summary>The called workflow's <c>workflow_call.outputs</c>, evaluated over its jobs' results and outputs.</summary>
    private static Dictionary<string, string> CallOutputs(Workflow called, RunContext nested, Dictionary<string, JobOutcome> outcomes)
    {
        var jobs = new ObjectValue();
        foreach (var (id, outcome) in outcomes)
        {
            jobs.Set(id, OutcomeValue(outcome));
        }

        var context = new EvaluationContext
        {
            NamedValues = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
            {
                ["github"] = nested.Github,
                ["inputs"] = nested.Inputs,
                ["vars"] = nested.Vars,
                ["jobs"] = jobs,
            },
        };
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = (called.FindEvent("workflow_call")?.Configuration as MappingToken)?.Get("outputs") as MappingToken;
        foreach (var (name, definition) in declared?.Pairs ?? [])
        {
            if ((definition as MappingToken)?.Get("value") is { } value)
            {
                result[name.Value] = TokenEvaluator.EvaluateString(value, context);
            }
        }

        return result;
    }
}
