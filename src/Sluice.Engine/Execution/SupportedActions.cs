using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>What a local run can execute today, so that anything else is reported before the run starts.</summary>
public static class SupportedActions
{
    /// <remarks>Local actions (<c>./path</c>) count as supported: their action.yml exists only after checkout, so they are checked when they run.</remarks>
    public static bool IsSupported(string uses) => BuiltinActions.Find(uses) is not null || Composite.CompositeAction.Handles(uses);

    /// <summary>The actions a run can use, for messages.</summary>
    public static IEnumerable<string> Supported => BuiltinActions.All.Select(a => a.Name).Distinct(StringComparer.Ordinal);

    /// <summary>One message per job or step the engine cannot run, naming it; steps can be skipped with --skip-unsupported, jobs cannot.</summary>
    public static (IReadOnlyList<string> Jobs, IReadOnlyList<string> Steps) Problems(Workflow workflow, string workflowFile)
    {
        var problems = new List<string>();
        var steps = new List<string>();
        foreach (var job in workflow.Jobs)
        {
            if (job.Uses is not null && !job.Uses.StartsWith("./", StringComparison.Ordinal))
            {
                problems.Add($"{workflowFile}:{job.Line}: job '{job.Id}' calls the reusable workflow '{job.Uses}', which sluice run cannot run yet (it runs ./ workflows of the repository)");
                continue;
            }

            if (job.Container is not null || job.Services.Count > 0)
            {
                problems.Add($"{workflowFile}:{job.Line}: job '{job.Id}' needs a container or services, which sluice run cannot start yet");
            }

            foreach (var step in job.Steps.Where(s => s.Uses is not null && !IsSupported(s.Uses)))
            {
                steps.Add($"{workflowFile}:{step.Line}: job '{job.Id}', step '{step.Id}': 'uses: {step.Uses}' cannot run here yet (supported: {string.Join(", ", Supported)})");
            }
        }

        return (problems, steps);
    }
}
