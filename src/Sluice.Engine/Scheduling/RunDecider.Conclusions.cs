using Sluice.Engine.Execution;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Scheduling;

public static partial class RunDecider
{
    /// <summary>A job whose legs all finished, or a called workflow whose jobs all concluded.</summary>
    private static RunDecision? Concluded(RunSnapshot run)
    {
        foreach (var job in run.ExpandedJobs)
        {
            if (job.UnfinishedLegs == 0)
            {
                return new ConcludeJob(job.Scope.Index, job.Id, JobConclusion(job), MergedOutputs(job));
            }
        }

        foreach (var scope in run.Scopes)
        {
            if (!scope.Concluded && scope.Caller is { } caller && scope.AllJobsConcluded)
            {
                return ConcludeCalled(run, scope, caller);
            }
        }

        return null;
    }

    private static ConcludeRun? RunEnd(RunSnapshot run)
    {
        if (!run.Scopes[0].AllJobsConcluded)
        {
            return null;
        }

        return new ConcludeRun(run.CancelledAt is not null ? Conclusion.Cancelled : Overall(run.Scopes[0].Jobs));
    }

    /// <summary>
    /// What a run's (or a called workflow's) jobs add up to, as GitHub adds them: a failed job fails it; else a job
    /// cancelled without the run being cancelled (its concurrency group gave its place to a newer one) cancels it; else
    /// it succeeded (skipped jobs count for nothing).
    /// </summary>
    private static Conclusion Overall(IEnumerable<JobRecord> jobs)
    {
        var conclusions = jobs.Select(j => j.Conclusion).ToList();
        return conclusions.Contains(Conclusion.Failure) ? Conclusion.Failure
            : conclusions.Contains(Conclusion.Cancelled) ? Conclusion.Cancelled
            : Conclusion.Success;
    }

    /// <summary>
    /// A failed leg fails the job unless its <c>continue-on-error</c> allows it (then, as on GitHub, the job counts as a
    /// success for what needs it and for the run, though the leg shows its failure).
    /// </summary>
    private static Conclusion JobConclusion(JobRecord job) =>
        job.FirstFailure is not null ? Conclusion.Failure
        : job.Legs.Any(l => l.Conclusion == Conclusion.Cancelled) ? Conclusion.Cancelled
        : Conclusion.Success;

    /// <summary>The legs' outputs merged in the order the legs finished: the last one to set a name wins, as on GitHub.</summary>
    private static Dictionary<string, string> MergedOutputs(JobRecord job)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var leg in job.Legs.OrderBy(l => l.FinishedAt))
        {
            foreach (var (key, value) in leg.Outputs)
            {
                outputs[key] = value;
            }
        }

        return outputs;
    }

    private static ConcludeCall ConcludeCalled(RunSnapshot run, ScopeRecord scope, LegId caller)
    {
        var conclusion = run.CancelledAtOf(scope) is not null ? Conclusion.Cancelled : Overall(scope.Jobs);
        try
        {
            return new ConcludeCall(caller, conclusion, CallOutputs(scope), null);
        }
        catch (ExpressionException ex)
        {
            return new ConcludeCall(caller, Conclusion.Failure, new Dictionary<string, string>(), $"The outputs of the called workflow could not be evaluated: {ex.Error.Message}");
        }
    }

    /// <summary>The called workflow's <c>workflow_call.outputs</c>, evaluated over its jobs' results and outputs.</summary>
    private static Dictionary<string, string> CallOutputs(ScopeRecord scope)
    {
        var definition = scope.Definition;
        var jobs = new ObjectValue();
        foreach (var job in scope.Jobs)
        {
            jobs.Set(job.Id, JobLevelContext.Outcome(job));
        }

        var context = new EvaluationContext
        {
            NamedValues = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
            {
                ["github"] = definition.Github,
                ["inputs"] = definition.Inputs,
                ["vars"] = definition.Vars,
                ["jobs"] = jobs,
            },
        };
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = (definition.Workflow.FindEvent("workflow_call")?.Configuration as MappingToken)?.Get("outputs") as MappingToken;
        foreach (var (name, output) in declared?.Pairs ?? [])
        {
            if ((output as MappingToken)?.Get("value") is { } value)
            {
                result[name.Value] = TokenEvaluator.EvaluateString(value, context);
            }
        }

        return result;
    }
}
