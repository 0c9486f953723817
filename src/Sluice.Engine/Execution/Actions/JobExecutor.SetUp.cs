using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>
/// Finding the actions a job uses, and GitHub's "Set up job": before the first step, the log says which commit
/// each action repository the job uses resolved to, also those that composite actions use. Actions found later
/// (what a local composite action uses, read after checkout) are announced when they are first looked up.
/// </summary>
public sealed partial class JobExecutor
{
    private async Task AnnounceActionsAsync(JobState state, IReadOnlyList<Step> steps, int depth, CancellationToken cancellationToken)
    {
        var run = state.Request.Run;
        foreach (var step in steps)
        {
            if (step.Uses is not { } uses || run.ActionSettings.Builtin(uses) is not null || ActionReference.Parse(uses, out _) is not { Source: ActionSource.Repository } reference)
            {
                continue;
            }

            // What cannot be found is reported by the step itself.
            if ((await run.ActionRepositories.GetAsync(reference, cancellationToken)).Copy is not { } copy)
            {
                continue;
            }

            AnnounceRepository(state, reference, copy);
            if (depth < CompositeAction.MaxDepth
                && (await ActionLocator.ResolveAsync(uses, state.Request.Workspace, run.ActionRepositories, findNode: null, cancellationToken)).Action is { Manifest.Kind: ActionKind.Composite } action)
            {
                await AnnounceActionsAsync(state, action.Manifest.Steps, depth + 1, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Finds the action a step uses, with node looked for where the job's processes run: refused when the policy
    /// refuses it (also inside local composite actions, which the plan check may not have seen), and announced in the
    /// log the first time the job uses its repository.
    /// </summary>
    private async Task<ActionResolution> ResolveActionAsync(JobState state, string uses, CancellationToken cancellationToken)
    {
        if (ActionReference.Parse(uses, out _) is { } reference && state.Request.Run.ActionSettings.Policy.Refusal(reference) is { } refusal)
        {
            return ActionResolution.Failed(refusal);
        }

        ActionResolution resolution;
        try
        {
            resolution = await ActionLocator.ResolveAsync(uses, state.Request.Workspace, state.Request.Run.ActionRepositories, () => state.Host.FindProgram("node"), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ActionResolution.Failed($"'uses: {uses}' was still being looked up when the job was cancelled");
        }

        if (resolution.Action?.Copy is { } copy)
        {
            AnnounceRepository(state, resolution.Action.Reference, copy);
        }

        return RequireEngineForDocker(resolution, uses);
    }

    private static void AnnounceRepository(JobState state, ActionReference reference, RepositoryCopy copy)
    {
        if (!state.AnnouncedRepositories.Add(RepositoryAnnouncement.Key(reference)))
        {
            return;
        }

        foreach (var line in RepositoryAnnouncement.Lines(reference, copy))
        {
            state.Observer.Line(state.Request.JobKey, null, state.Masker.Mask(line), false, null);
        }
    }
}
