using Sluice.Cli.Validation;
using Sluice.Engine.Execution;
using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Steps;
using Sluice.Workflows;

namespace Sluice.Cli.Running;

/// <summary>
/// <c>sluice actions pull</c>: runs the plan check's walk over the files given, fetching every action and reusable
/// workflow of another repository they reach (through composite actions and called workflows) into the action
/// cache, so that a machine without internet can run them; or, with <c>--list</c>, fetches nothing and shows where
/// each would come from.
/// </summary>
internal sealed class ActionPuller(CliConsole console)
{
    public async Task<int> RunAsync(IReadOnlyList<string> paths, ActionSourceRequest request, bool listOnly, bool json, CancellationToken cancellationToken)
    {
        var currentDirectory = Environment.CurrentDirectory;
        var files = WorkflowFileLocator.Locate(paths, currentDirectory);
        var root = GitRepository.FindRoot(currentDirectory);

        // Listing asks no host: what is not cached is what a pull would fetch.
        using var sources = ActionSources.Open(listOnly ? request with { Offline = true } : request, root, new Dictionary<string, string>());
        var masker = new SecretMasker();
        foreach (var value in sources.Masks)
        {
            masker.Add(value);
        }

        var options = new PlanCheckOptions
        {
            RepositoryRoot = root,
            ActionCacheDirectory = sources.ActionCacheFolder,
            Repositories = sources.Repositories,
            Settings = sources.Settings,
            CheckThisMachine = false,
            CachesOnly = listOnly,
        };
        var reader = new WorkflowReader(root is null ? WorkflowReaderOptions.Default : LocalWorkflowResolver.OptionsFor(root));
        var uses = new List<ActionUse>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            PlanProblems found;
            if (ActionReader.IsActionFile(file))
            {
                found = await SupportedActions.ActionProblemsAsync(file, file, options, cancellationToken);
            }
            else
            {
                var read = reader.ReadFile(file);
                if (!read.IsValid || read.Workflow is null)
                {
                    problems.AddRange(read.Errors.Select(e => e.ToString()));
                    continue;
                }

                found = await SupportedActions.ProblemsAsync(read.Workflow, file, options, cancellationToken);
            }

            uses.AddRange(found.Uses);
            problems.AddRange(found.Blocking.Concat(found.Skippable));
        }

        if (listOnly)
        {
            ActionList.Write(console.Out, uses, json, masker);
        }
        else
        {
            WritePulled(uses, sources, masker);
        }

        foreach (var problem in problems)
        {
            console.Error.WriteLine(masker.Mask($"sluice: error: {problem}"));
        }

        return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>Each repository as a run's log names it, then a summary line.</summary>
    private void WritePulled(List<ActionUse> uses, ActionSources sources, SecretMasker masker)
    {
        var repositories = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var use in uses.Where(u => u.Copy is not null))
        {
            var reference = ActionReference.Parse(use.Uses, out _)!;
            if (!repositories.Add(RepositoryAnnouncement.Key(reference)))
            {
                continue;
            }

            foreach (var line in RepositoryAnnouncement.Lines(reference, use.Copy!, use.IsWorkflow ? "reusable workflow repository" : "action repository"))
            {
                console.Out.WriteLine(masker.Mask(line));
            }
        }

        var downloaded = uses.Where(u => u.Source == ActionUseSource.Downloaded).Select(u => RepositoryAnnouncement.Key(ActionReference.Parse(u.Uses, out _)!)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var count = repositories.Count == 1 ? "1 repository" : $"{repositories.Count} repositories";
        console.Out.WriteLine($"{count} of actions and reusable workflows ready in the action cache {sources.Store.CacheDirectory} ({downloaded} downloaded now from {sources.Store.Host})");
    }
}
