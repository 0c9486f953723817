using Sluice.Engine.Execution;
using Sluice.Engine.Scheduling;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Server.Runs;

/// <summary>
/// What an agent must have to run a leg: the labels of its <c>runs-on</c> (a label, a list of labels, or a mapping
/// with <c>group</c> and <c>labels</c>), evaluated with the leg's matrix. A group is matched as one more label, since
/// Sluice agents are grouped by their labels.
/// </summary>
public static class RunnerLabels
{
    public static IReadOnlyList<string> For(JobRecord job, LegRecord leg, RunScope scope)
    {
        if (job.Job.RunsOn is not { } token)
        {
            return [];
        }

        var context = JobLevelContext.Create(scope, job.NeedsContext, matrix: leg.Matrix, strategy: leg.Strategy);
        var value = TokenEvaluator.Evaluate(token, context);
        var labels = new List<string>();
        switch (value)
        {
            case ArrayValue list:
                labels.AddRange(list.Items.Select(v => v.ToDisplayString()));
                break;
            case ObjectValue mapping:
                if (mapping.TryGetValue("group", out var group) && group.ToDisplayString() is { Length: > 0 } g)
                {
                    labels.Add(g);
                }

                if (mapping.TryGetValue("labels", out var more))
                {
                    labels.AddRange(more is ArrayValue many ? many.Items.Select(v => v.ToDisplayString()) : [more.ToDisplayString()]);
                }

                break;
            default:
                labels.Add(value.ToDisplayString());
                break;
        }

        return labels.Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Whether an agent with <paramref name="agentLabels"/> can run a job that needs <paramref name="required"/> (labels compare without case, as on GitHub).</summary>
    public static bool Satisfies(IReadOnlyCollection<string> agentLabels, IReadOnlyList<string> required) =>
        required.All(label => agentLabels.Contains(label, StringComparer.OrdinalIgnoreCase));
}
