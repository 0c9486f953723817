using Sluice.Engine.Execution;
using Sluice.Expressions;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// The contexts of the job level: github, needs, vars and inputs for <c>if</c> and <c>strategy</c>; with the leg's
/// matrix and strategy for <c>concurrency</c>, <c>continue-on-error</c> and a call's <c>with</c>; with secrets for a
/// call's <c>secrets</c>.
/// </summary>
public static class JobLevelContext
{
    public static EvaluationContext Create(
        RunScope scope, ObjectValue needs, JobStatus status = JobStatus.Success, ObjectValue? matrix = null, ObjectValue? strategy = null, ObjectValue? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var named = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["github"] = scope.Github,
            ["needs"] = needs,
            ["vars"] = scope.Vars,
            ["inputs"] = scope.Inputs,
        };
        if (matrix is not null)
        {
            named["matrix"] = matrix;
        }

        if (strategy is not null)
        {
            named["strategy"] = strategy;
        }

        if (secrets is not null)
        {
            named["secrets"] = secrets;
        }

        return new EvaluationContext { NamedValues = named, Status = status };
    }

    /// <summary>A concluded job as <c>needs.&lt;id&gt;</c> (or a called workflow's <c>jobs.&lt;id&gt;</c>) shows it: result and outputs.</summary>
    public static ObjectValue Outcome(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var entry = new ObjectValue();
        entry.Set("result", ExpressionValue.FromString((job.Conclusion ?? Conclusion.Skipped).Name()));
        var outputs = new ObjectValue();
        foreach (var (key, value) in job.Outputs)
        {
            outputs.Set(key, ExpressionValue.FromString(value));
        }

        entry.Set("outputs", outputs);
        return entry;
    }
}
