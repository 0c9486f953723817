using Sluice.Engine.Execution;
using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Matrix;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Scheduling;

public static partial class RunDecider
{
    /// <summary>The first job, in plan order, whose needs have all concluded: skipped, or expanded into its legs.</summary>
    private static RunDecision? Readiness(RunSnapshot run)
    {
        foreach (var scope in run.Scopes)
        {
            if (!scope.Concluded && scope.Ready.Count > 0)
            {
                return Prepare(run, scope, scope.Ready.First());
            }
        }

        return null;
    }

    /// <summary>
    /// The job's <c>if</c> with the status of what it needs (a failed need fails <c>success()</c>, a skipped one skips the
    /// job), then its strategy: the matrix, evaluated (its keys too) and expanded, <c>--matrix</c> applied, and for each
    /// leg its concurrency and <c>continue-on-error</c>, which may read the leg's matrix.
    /// </summary>
    private static RunDecision Prepare(RunSnapshot run, ScopeRecord scope, JobRecord record)
    {
        var definition = scope.Definition;
        var job = record.Job;
        var needed = record.Needs.Select(scope.Job).ToList();
        var needs = new ObjectValue();
        foreach (var need in needed)
        {
            needs.Set(need.Id, JobLevelContext.Outcome(need));
        }

        var status = run.CancelledAtOf(scope) is not null ? JobStatus.Cancelled
            : needed.Any(n => n.Conclusion == Conclusion.Failure) ? JobStatus.Failure
            : needed.Any(n => n.Conclusion == Conclusion.Cancelled) ? JobStatus.Cancelled
            : needed.Any(n => n.Conclusion == Conclusion.Skipped) ? JobStatus.DependencySkipped
            : JobStatus.Success;
        var context = JobLevelContext.Create(definition, needs, status);
        SkipJob Skip(Conclusion conclusion, string? problem) =>
            new(scope.Index, record.Id, definition.KeyPrefix + job.Id, definition.DisplayPrefix + JobName(job), conclusion, problem);

        try
        {
            if (!TokenEvaluator.EvaluateCondition(job.Condition, context))
            {
                return Skip(Conclusion.Skipped, null);
            }
        }
        catch (ExpressionException ex)
        {
            return Skip(Conclusion.Failure, $"The condition of job '{job.Id}' could not be evaluated: {ex.Error.Message}");
        }

        IReadOnlyList<ObjectValue> legs;
        bool failFast;
        double? maxParallel;
        try
        {
            var matrix = job.Strategy?.Matrix is null ? null : TokenEvaluator.Evaluate(job.Strategy.Matrix, context) as ObjectValue;
            legs = MatrixExpander.Expand(matrix);
            if (run.Limits.MatrixFilter.Count > 0 && job.Strategy?.Matrix is not null)
            {
                legs = MatrixExpander.Filter(legs, run.Limits.MatrixFilter);
            }

            failFast = TokenEvaluator.EvaluateBool(job.Strategy?.FailFast, context, fallback: true);
            maxParallel = TokenEvaluator.EvaluateNumber(job.Strategy?.MaxParallel, context, "max-parallel");
        }
        catch (Exception ex) when (ex is ExpressionException or MatrixException)
        {
            var message = ex is ExpressionException ee ? ee.Error.Message : ex.Message;
            return Skip(Conclusion.Failure, $"The strategy of job '{job.Id}' could not be expanded: {message}");
        }

        if (legs.Count == 0)
        {
            return Skip(Conclusion.Skipped, null);
        }

        var plans = legs.Select((leg, index) => PlanLeg(definition, job, needs, leg, index, legs.Count, failFast, maxParallel)).ToList();
        return new ExpandJob(scope.Index, record.Id, plans, failFast, maxParallel is { } m && m >= 1 ? (int)m : null, needs);
    }

    private static LegPlan PlanLeg(RunScope scope, Job job, ObjectValue needs, ObjectValue leg, int index, int total, bool failFast, double? maxParallel)
    {
        var key = scope.KeyPrefix + (total == 1 && job.Strategy?.Matrix is null ? job.Id : $"{job.Id}-{index + 1}");
        var display = scope.DisplayPrefix + (total == 1 && leg.Count == 0 ? JobName(job) : MatrixExpander.DisplayName(JobName(job), leg));
        var strategy = new ObjectValue();
        strategy.Set("fail-fast", ExpressionValue.FromBoolean(failFast));
        strategy.Set("job-index", ExpressionValue.FromNumber(index));
        strategy.Set("job-total", ExpressionValue.FromNumber(total));
        strategy.Set("max-parallel", ExpressionValue.FromNumber(maxParallel ?? total));

        var context = JobLevelContext.Create(scope, needs, matrix: leg, strategy: strategy);
        ConcurrencySetting? concurrency;
        try
        {
            concurrency = ConcurrencySetting.Evaluate(job.Concurrency, context);
        }
        catch (ExpressionException ex)
        {
            return new LegPlan(key, display, leg, strategy, null, false, false, $"The concurrency of job '{job.Id}' could not be evaluated: {ex.Error.Message}");
        }

        EnvironmentSetting? environment;
        try
        {
            environment = EnvironmentSetting.Evaluate(job.Environment, context);
        }
        catch (ExpressionException ex)
        {
            return new LegPlan(key, display, leg, strategy, null, false, false, $"The environment of job '{job.Id}' could not be evaluated: {ex.Error.Message}");
        }

        if (concurrency is null && environment is not null && scope.EnvironmentGroups && job.Strategy?.Matrix is null)
        {
            concurrency = new ConcurrencySetting(environment.Group, false);
        }

        bool continueOnError;
        try
        {
            continueOnError = TokenEvaluator.EvaluateBool(job.ContinueOnError, context, fallback: false);
        }
        catch (ExpressionException ex)
        {
            return new LegPlan(key, display, leg, strategy, null, false, false, $"The continue-on-error of job '{job.Id}' could not be evaluated: {ex.Error.Message}");
        }

        return new LegPlan(key, display, leg, strategy, concurrency?.Group, concurrency?.CancelInProgress ?? false, continueOnError) { Environment = environment };
    }

    private static string JobName(Job job) => job.Name is StringToken name ? name.Value : job.Id;
}
