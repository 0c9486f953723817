using Sluice.Engine.Execution;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// A <c>concurrency</c> as evaluated for a run (the workflow's) or a leg (a job's): the group's name and whether a newer
/// member cancels the one in progress. One evaluation for <c>sluice run</c> and the server.
/// </summary>
public sealed record ConcurrencySetting(string Group, bool CancelInProgress)
{
    /// <summary>
    /// A group name, or a mapping with <c>group</c> and <c>cancel-in-progress</c>, evaluated in <paramref name="context"/>;
    /// null for none (no <c>concurrency</c>, or an empty group). Throws <see cref="ExpressionException"/> when it cannot be evaluated.
    /// </summary>
    public static ConcurrencySetting? Evaluate(TemplateToken? concurrency, EvaluationContext context)
    {
        if (concurrency is null)
        {
            return null;
        }

        var value = TokenEvaluator.Evaluate(concurrency, context);
        if (value is ObjectValue mapping)
        {
            var group = mapping.TryGetValue("group", out var g) ? g.ToDisplayString() : "";
            var cancel = mapping.TryGetValue("cancel-in-progress", out var c) && c.IsTruthy;
            return group.Length == 0 ? null : new ConcurrencySetting(group, cancel);
        }

        var name = value.ToDisplayString();
        return name.Length == 0 ? null : new ConcurrencySetting(name, false);
    }

    /// <summary>The workflow's own <c>concurrency</c>, whose expressions see github, inputs and vars.</summary>
    public static ConcurrencySetting? OfWorkflow(RunScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var named = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["github"] = scope.Github,
            ["vars"] = scope.Vars,
            ["inputs"] = scope.Inputs,
        };
        return Evaluate(scope.Workflow.Concurrency, new EvaluationContext { NamedValues = named });
    }
}
