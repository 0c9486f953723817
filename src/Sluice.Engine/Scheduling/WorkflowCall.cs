using System.Globalization;
using Sluice.Engine.Execution;
using Sluice.Engine.Planning;
using Sluice.Expressions;
using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Scheduling;

/// <summary>A call ready to run: the called workflow's scope (its jobs, inputs, key and name prefixes) and the secrets it gets.</summary>
public sealed record PreparedCall(RunScope Scope, ObjectValue Secrets);

/// <summary>
/// A leg that calls a reusable workflow, made into a scope of the run: the called workflow planned, its inputs from the
/// caller's <c>with</c> (typed by its <c>workflow_call</c> inputs, defaults filled), and its secrets mapped from the
/// caller's or inherited. One piece for every driver of the run: <c>sluice run</c> in memory and the server from its
/// database prepare a call the same way (its outputs are the decider's, when the scope concludes).
/// </summary>
public static class WorkflowCall
{
    /// <param name="callerSecrets">The secrets of the calling scope: the run's, or those a call above it passed down.</param>
    public static (PreparedCall? Call, string? Problem) Prepare(RunSnapshot snapshot, LegId caller, WorkflowReadResult read, ObjectValue callerSecrets)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(callerSecrets);
        if (!read.IsValid || read.Workflow is null)
        {
            return (null, $"The called workflow is invalid: {string.Join("; ", read.Errors.Select(e => e.ToString()))}");
        }

        var leg = snapshot.Leg(caller);
        var scope = snapshot.Scopes[caller.Scope].Definition;
        var job = snapshot.Scopes[caller.Scope].Job(caller.Job);
        var called = read.Workflow;
        var context = JobLevelContext.Create(scope, job.NeedsContext, matrix: leg.Matrix, strategy: leg.Strategy, secrets: callerSecrets);
        ObjectValue inputs, secrets;
        IReadOnlyList<PlannedJob> plan;
        try
        {
            inputs = Inputs(called, job.Job, context);
            secrets = job.Job.InheritSecrets ? callerSecrets : TokenEvaluator.EvaluateMapping(job.Job.Secrets, context);
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

        var definition = new RunScope
        {
            Workflow = called,
            Plan = plan,
            Github = scope.Github,
            Vars = scope.Vars,
            Inputs = inputs,
            KeyPrefix = leg.Key + ".",
            DisplayPrefix = leg.DisplayName + " / ",
            EnvironmentGroups = scope.EnvironmentGroups,
        };
        return (new PreparedCall(definition, secrets), null);
    }

    /// <summary>The called workflow's declared inputs: defaults first, then the caller's <c>with</c>, typed as declared.</summary>
    private static ObjectValue Inputs(Workflow called, Job job, EvaluationContext context)
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
