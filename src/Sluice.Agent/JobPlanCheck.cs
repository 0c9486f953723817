using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Actions;
using Sluice.Workflows;

namespace Sluice.Agent;

/// <summary>
/// The check <c>sluice run</c> makes before it runs anything, for one job on an agent: each action of another
/// repository is looked up (fetched when not cached) and read, recursively, and checked against the action settings.
/// The problems read as they do locally: "file:line: job 'id', step 'id': ...".
/// </summary>
internal static class JobPlanCheck
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(RunContext run, Job job, JobActions actions, CancellationToken cancellationToken)
    {
        var workflow = run.Workflow;
        var alone = new Workflow
        {
            Name = workflow.Name,
            RunName = workflow.RunName,
            Events = workflow.Events,
            Permissions = workflow.Permissions,
            Env = workflow.Env,
            Defaults = workflow.Defaults,
            Concurrency = workflow.Concurrency,
            Jobs = [job],
        };
        var options = new PlanCheckOptions { ActionCacheDirectory = actions.CacheFolder, Repositories = actions.Repositories, Settings = actions.Settings };
        var problems = await SupportedActions.ProblemsAsync(alone, run.WorkflowFile, options, cancellationToken).ConfigureAwait(false);
        return [.. problems.Blocking, .. problems.Skippable];
    }
}
