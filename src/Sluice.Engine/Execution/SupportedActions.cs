using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Composite;
using Sluice.Workflows;

namespace Sluice.Engine.Execution;

/// <summary>What the plan check knows about where the run happens: the repository, the action cache, and how to find programs.</summary>
public sealed record PlanCheckOptions
{
    /// <summary>The repository, whose <c>./</c> reusable workflows are read and checked; null skips them.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary><c>--action-cache DIR</c>, or null.</summary>
    public string? ActionCacheDirectory { get; init; }

    /// <summary>Finds a program on this machine (node, for JavaScript actions); null when it is not installed.</summary>
    public Func<string, string?> FindProgram { get; init; } = Steps.Shells.FindOnPath;
}

/// <summary>What the plan check found: problems that stop the run, steps <c>--skip-unsupported</c> skips, and the jobs and Docker action steps that need a container engine.</summary>
/// <param name="ContainerJobs">Each job with a <c>container</c> or <c>services</c>, as "file:line: job 'id'": the run needs an engine that answers.</param>
public sealed record PlanProblems(IReadOnlyList<string> Blocking, IReadOnlyList<string> Skippable, IReadOnlyList<string> ContainerJobs)
{
    /// <summary>
    /// Each step that runs a Docker container action (also inside a cached composite action or a called workflow), as
    /// "file:line: job 'id', step 'id': 'uses: ...' is a Docker container action": the run needs an engine that
    /// answers, or <c>--skip-unsupported</c> to skip them.
    /// </summary>
    public IReadOnlyList<string> DockerSteps { get; init; } = [];

    public void Deconstruct(out IReadOnlyList<string> blocking, out IReadOnlyList<string> skippable) => (blocking, skippable) = (Blocking, Skippable);
}

/// <summary>
/// What a local run can execute, checked before it starts so that nothing is half-run: built-in actions always;
/// actions of other repositories when the action cache holds them with a runnable action.yml (composite, node20
/// and node24 with node installed, or Docker, which needs a container engine), including what cached composite actions use; and the same for the steps of
/// called reusable workflows, local or cached. Local actions (<c>./path</c>) are checked when they run: their
/// action.yml is read from the checked-out workspace.
/// </summary>
public static class SupportedActions
{
    /// <summary>GitHub's limit on nested reusable workflow calls and on composite actions in composite actions.</summary>
    private const int MaxDepth = 10;

    /// <summary>
    /// One message per problem, naming the file, line, job and step and what to do. <c>Blocking</c> ones stop the run
    /// whatever the options (a reusable workflow that is not here, a refused reference, a broken cached action.yml);
    /// <c>Skippable</c> ones are steps that <c>--skip-unsupported</c> skips.
    /// </summary>
    public static PlanProblems Problems(Workflow workflow, string workflowFile, PlanCheckOptions? options = null)
    {
        options ??= new PlanCheckOptions();
        var check = new Check(options, options.ActionCacheDirectory is { Length: > 0 } dir ? new ActionCache(dir) : null);
        check.Workflow(workflow, workflowFile, options.RepositoryRoot, depth: 0);
        return new PlanProblems(check.Blocking, check.Skippable, check.ContainerJobs) { DockerSteps = check.DockerSteps };
    }

    private sealed class Check(PlanCheckOptions options, ActionCache? cache)
    {
        public List<string> Blocking { get; } = [];

        public List<string> Skippable { get; } = [];

        public List<string> ContainerJobs { get; } = [];

        public List<string> DockerSteps { get; } = [];

        public void Workflow(Workflow workflow, string file, string? sourceRoot, int depth)
        {
            foreach (var job in workflow.Jobs)
            {
                if (job.Uses is not null)
                {
                    Call(job, file, sourceRoot, depth);
                    continue;
                }

                if (job.Container is not null || job.Services.Count > 0)
                {
                    ContainerJobs.Add($"{file}:{job.Line}: job '{job.Id}'");
                }

                foreach (var step in job.Steps.Where(s => s.Uses is not null))
                {
                    // In a job container, node is the container's, which can only be asked when the job runs.
                    Func<string?>? findNode = job.Container is null ? () => options.FindProgram("node") : null;
                    Step(step.Uses!, $"{file}:{step.Line}: job '{job.Id}', step '{step.Id}'", findNode, depth: 1);
                }
            }
        }

        private void Call(Job job, string file, string? sourceRoot, int depth)
        {
            var place = $"{file}:{job.Line}: job '{job.Id}'";
            if (sourceRoot is null && job.Uses!.StartsWith("./", StringComparison.Ordinal))
            {
                return;
            }

            if (depth >= MaxDepth)
            {
                Blocking.Add($"{place} calls '{job.Uses}' more than {MaxDepth} reusable workflows deep");
                return;
            }

            if (CalledWorkflowLocator.Locate(job.Uses!, sourceRoot ?? "", cache, out var problem, out _) is not { } called)
            {
                Blocking.Add($"{place}: {problem}");
                return;
            }

            var read = new WorkflowReader(LocalWorkflowResolver.OptionsFor(called.SourceRoot)).ReadFile(called.Path);
            if (!read.IsValid || read.Workflow is null)
            {
                Blocking.Add($"{place} calls '{job.Uses}', which is invalid: {string.Join("; ", read.Errors.Select(e => e.ToString()))}");
                return;
            }

            Workflow(read.Workflow, called.DisplayFile, called.SourceRoot, depth + 1);
        }

        private void Step(string uses, string place, Func<string?>? findNode, int depth)
        {
            if (BuiltinActions.Find(uses) is not null || uses.StartsWith("./", StringComparison.Ordinal))
            {
                return;
            }

            var resolution = ActionLocator.Resolve(uses, workspace: ".", cache, findNode);
            if (resolution.Action is not { } action)
            {
                var advice = resolution.CannotRunHere ? "; or run with --skip-unsupported to skip such steps" : "";
                (resolution.CannotRunHere ? Skippable : Blocking).Add($"{place}: {resolution.Problem}{advice}");
                return;
            }

            if (action.Manifest.Kind == ActionKind.Docker)
            {
                var where = action.Manifest.RunsLine > 0 ? $" ({action.Manifest.File}:{action.Manifest.RunsLine})" : "";
                DockerSteps.Add($"{place}: 'uses: {uses}' is a Docker container action{where}");
                return;
            }

            if (action.Manifest.Kind != ActionKind.Composite)
            {
                return;
            }

            if (depth >= MaxDepth)
            {
                Blocking.Add($"{place}: 'uses: {uses}' nests composite actions more than {MaxDepth} deep");
                return;
            }

            foreach (var nested in action.Manifest.Steps.Where(s => s.Uses is not null))
            {
                Step(nested.Uses!, $"{place}: '{uses}' step '{nested.Id}' ({action.Manifest.File}:{nested.Line})", findNode, depth + 1);
            }
        }
    }
}
