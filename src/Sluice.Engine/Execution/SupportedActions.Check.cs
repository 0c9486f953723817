using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

public static partial class SupportedActions
{
    /// <summary>One walk through a workflow and everything it reaches.</summary>
    private sealed class Check(PlanCheckOptions options, ActionRepositories repositories, CancellationToken cancellationToken)
    {
        public List<string> Blocking { get; } = [];

        public List<string> Skippable { get; } = [];

        public List<string> ContainerJobs { get; } = [];

        public List<string> DockerSteps { get; } = [];

        public List<ActionUse> Uses { get; } = [];

        public async Task WorkflowAsync(Workflow workflow, string file, string? sourceRoot, int depth)
        {
            foreach (var job in workflow.Jobs)
            {
                if (job.Uses is not null)
                {
                    await CallAsync(job, file, sourceRoot, depth);
                    continue;
                }

                if (job.Container is not null || job.Services.Count > 0)
                {
                    ContainerJobs.Add($"{file}:{job.Line}: job '{job.Id}'");
                }

                // In a job container, node is the container's, which can only be asked when the job runs.
                Func<string?>? findNode = job.Container is null && options.CheckThisMachine ? () => options.FindProgram("node") : null;
                foreach (var step in job.Steps.Where(s => s.Uses is not null))
                {
                    await StepAsync(step.Uses!, $"{file}:{step.Line}: job '{job.Id}', step '{step.Id}'", findNode, depth: 1);
                }
            }
        }

        public async Task ActionAsync(string actionFile, string displayFile)
        {
            var read = ActionManifestReader.ReadFile(actionFile, displayFile);
            if (read.Manifest is not { } manifest)
            {
                Blocking.AddRange(read.Errors.Select(e => e.ToString()));
                return;
            }

            Func<string?>? findNode = options.CheckThisMachine ? () => options.FindProgram("node") : null;
            await FollowAsync(displayFile, displayFile, manifest, findNode, depth: 1);
        }

        private async Task CallAsync(Job job, string file, string? sourceRoot, int depth)
        {
            var uses = job.Uses!;
            var place = $"{file}:{job.Line}: job '{job.Id}'";
            if (uses.StartsWith("./", StringComparison.Ordinal))
            {
                if (sourceRoot is null)
                {
                    return;
                }
            }
            else if (Refused(uses, place, isWorkflow: true))
            {
                return;
            }

            if (depth >= MaxDepth)
            {
                Blocking.Add($"{place} calls '{uses}' more than {MaxDepth} reusable workflows deep");
                return;
            }

            var located = await CalledWorkflowLocator.LocateAsync(uses, sourceRoot ?? "", repositories, cancellationToken);
            if (located.Workflow is not { } called)
            {
                if (!await NotFetchedAsync(uses, place, isWorkflow: true))
                {
                    Uses.Add(new ActionUse(uses, place, true, ActionUseSource.Failed, null, located.Problem!));
                    Blocking.Add($"{place}: {located.Problem}");
                }

                return;
            }

            Uses.Add(Found(uses, place, isWorkflow: true, called.Copy, called.DisplayFile));
            var read = new WorkflowReader(LocalWorkflowResolver.OptionsFor(called.SourceRoot)).ReadFile(called.Path);
            if (!read.IsValid || read.Workflow is null)
            {
                Blocking.Add($"{place} calls '{uses}', which is invalid: {string.Join("; ", read.Errors.Select(e => e.ToString()))}");
                return;
            }

            await WorkflowAsync(read.Workflow, called.DisplayFile, called.SourceRoot, depth + 1);
        }

        private async Task StepAsync(string uses, string place, Func<string?>? findNode, int depth)
        {
            if (ActionReference.Parse(uses, out var problem) is not { } reference)
            {
                Uses.Add(new ActionUse(uses, place, false, ActionUseSource.Failed, null, problem!));
                Blocking.Add($"{place}: {problem}");
                return;
            }

            if (Refused(uses, place, isWorkflow: false))
            {
                return;
            }

            if (options.Settings.Builtin(uses) is not null)
            {
                Uses.Add(new ActionUse(uses, place, false, ActionUseSource.BuiltIn, null, "Sluice's built-in action"));
                return;
            }

            switch (reference.Source)
            {
                case ActionSource.Local:
                    Uses.Add(new ActionUse(uses, place, false, ActionUseSource.Local, null, "read from the workspace when the step runs"));
                    await LocalAsync(uses, place, findNode, depth);
                    return;
                case ActionSource.DockerImage:
                    Uses.Add(new ActionUse(uses, place, false, ActionUseSource.ContainerImage, null, "pulled by the container engine when missing"));
                    DockerSteps.Add($"{place}: 'uses: {uses}' is a Docker container action");
                    return;
            }

            if (await NotFetchedAsync(uses, place, isWorkflow: false))
            {
                return;
            }

            var resolution = await ActionLocator.ResolveAsync(uses, workspace: ".", repositories, findNode, cancellationToken);
            var lookup = await repositories.GetAsync(reference, cancellationToken);
            Uses.Add(lookup.Copy is { } copy ? Found(uses, place, isWorkflow: false, copy, copy.Folder) : new ActionUse(uses, place, false, ActionUseSource.Failed, null, lookup.Problem!));
            if (resolution.Action is not { } action)
            {
                var advice = resolution.CannotRunHere ? "; or run with --skip-unsupported to skip such steps" : "";
                (resolution.CannotRunHere ? Skippable : Blocking).Add($"{place}: {resolution.Problem}{advice}");
                return;
            }

            await FollowAsync(uses, place, action.Manifest, findNode, depth);
        }

        /// <summary>
        /// A local action, read from the repository when it is there (it is read again from the workspace when the step
        /// runs, where checkout put it): what a local composite action uses is checked and fetched too. A local action
        /// that is not there or cannot be read here is left to its step.
        /// </summary>
        private async Task LocalAsync(string uses, string place, Func<string?>? findNode, int depth)
        {
            if (options.RepositoryRoot is not { } root)
            {
                return;
            }

            var resolution = await ActionLocator.ResolveAsync(uses, root, repositories, findNode: null, cancellationToken);
            if (resolution.Action is { Manifest.Kind: ActionKind.Composite } action)
            {
                await FollowAsync(uses, place, action.Manifest, findNode, depth);
            }
        }

        /// <summary>What an action found needs: a Docker action an engine; a composite action what its own steps use.</summary>
        private async Task FollowAsync(string uses, string place, ActionManifest manifest, Func<string?>? findNode, int depth)
        {
            if (manifest.Kind == ActionKind.Docker)
            {
                var where = manifest.RunsLine > 0 ? $" ({manifest.File}:{manifest.RunsLine})" : "";
                DockerSteps.Add($"{place}: 'uses: {uses}' is a Docker container action{where}");
                return;
            }

            if (manifest.Kind != ActionKind.Composite)
            {
                return;
            }

            if (depth >= MaxDepth)
            {
                Blocking.Add($"{place}: 'uses: {uses}' nests composite actions more than {MaxDepth} deep");
                return;
            }

            foreach (var nested in manifest.Steps.Where(s => s.Uses is not null))
            {
                await StepAsync(nested.Uses!, $"{place}: '{uses}' step '{nested.Id}' ({manifest.File}:{nested.Line})", findNode, depth + 1);
            }
        }

        /// <summary>True (and reported) when the action policy refuses the reference.</summary>
        private bool Refused(string uses, string place, bool isWorkflow)
        {
            if (ActionReference.Parse(uses, out _) is not { } reference || options.Settings.Policy.Refusal(reference) is not { } refusal)
            {
                return false;
            }

            Uses.Add(new ActionUse(uses, place, isWorkflow, ActionUseSource.Refused, null, refusal));
            Blocking.Add($"{place}: {refusal}");
            return true;
        }

        /// <summary>
        /// With caches only (<c>--list</c>), a repository that is not cached is what would be fetched: true (and listed)
        /// then, and its action.yml cannot be read, so what it uses in turn is not known.
        /// </summary>
        private async Task<bool> NotFetchedAsync(string uses, string place, bool isWorkflow)
        {
            if (!options.CachesOnly || ActionReference.Parse(uses, out _) is not { Source: ActionSource.Repository } reference)
            {
                return false;
            }

            if ((await repositories.GetAsync(reference, cancellationToken)).Failure != Sluice.Actions.ActionFetchFailure.HostUnreachable)
            {
                return false;
            }

            Uses.Add(new ActionUse(uses, place, isWorkflow, ActionUseSource.ToFetch, null, repositories.Host ?? "the actions host"));
            return true;
        }

        private static ActionUse Found(string uses, string place, bool isWorkflow, RepositoryCopy? copy, string shown) => copy switch
        {
            null => new ActionUse(uses, place, isWorkflow, ActionUseSource.Local, null, shown),
            { Origin: RepositoryOrigin.ActionFolder } => new ActionUse(uses, place, isWorkflow, ActionUseSource.ActionFolder, null, copy.Folder) { Copy = copy },
            { Origin: RepositoryOrigin.Downloaded } => new ActionUse(uses, place, isWorkflow, ActionUseSource.Downloaded, copy.Commit, copy.Folder) { Copy = copy },
            _ => new ActionUse(uses, place, isWorkflow, ActionUseSource.Cache, copy.Commit, copy.Folder) { Copy = copy },
        };
    }
}
