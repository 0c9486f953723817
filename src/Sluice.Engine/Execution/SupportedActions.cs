using Sluice.Engine.Execution.Actions;
using Sluice.Engine.Execution.Actions.Policy;

namespace Sluice.Engine.Execution;

/// <summary>What the plan check knows about where the run happens: the repository, where actions come from, the settings, and how to find programs.</summary>
public sealed record PlanCheckOptions
{
    /// <summary>The repository, whose <c>./</c> reusable workflows and local actions are read and checked; null skips them.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary><c>--action-cache DIR</c>, or null; used when <see cref="Repositories"/> is not given.</summary>
    public string? ActionCacheDirectory { get; init; }

    /// <summary>Where other repositories come from; null means the folder of <see cref="ActionCacheDirectory"/> alone.</summary>
    public ActionRepositories? Repositories { get; init; }

    public ActionSettings Settings { get; init; } = ActionSettings.Default;

    /// <summary>Finds a program on this machine (node, for JavaScript actions); null when it is not installed.</summary>
    public Func<string, string?> FindProgram { get; init; } = Steps.Shells.FindOnPath;

    /// <summary>
    /// Whether what the run needs of this machine is checked (node for JavaScript actions); off for
    /// <c>sluice actions pull</c>, which prepares a cache for another machine.
    /// </summary>
    public bool CheckThisMachine { get; init; } = true;

    /// <summary>
    /// True when <see cref="Repositories"/> only reads caches (an offline store): what is not cached is reported as
    /// <see cref="ActionUseSource.ToFetch"/> instead of as a problem.
    /// </summary>
    public bool CachesOnly { get; init; }
}

/// <summary>What the plan check found: problems that stop the run, steps <c>--skip-unsupported</c> skips, and the jobs and Docker action steps that need a container engine.</summary>
/// <param name="ContainerJobs">Each job with a <c>container</c> or <c>services</c>, as "file:line: job 'id'": the run needs an engine that answers.</param>
public sealed record PlanProblems(IReadOnlyList<string> Blocking, IReadOnlyList<string> Skippable, IReadOnlyList<string> ContainerJobs)
{
    /// <summary>
    /// Each step that runs a Docker container action (also inside a composite action or a called workflow), as
    /// "file:line: job 'id', step 'id': 'uses: ...' is a Docker container action": the run needs an engine that
    /// answers, or <c>--skip-unsupported</c> to skip them.
    /// </summary>
    public IReadOnlyList<string> DockerSteps { get; init; } = [];

    /// <summary>Every <c>uses:</c> met, in the order met, with where it comes from.</summary>
    public IReadOnlyList<ActionUse> Uses { get; init; } = [];

    public void Deconstruct(out IReadOnlyList<string> blocking, out IReadOnlyList<string> skippable) => (blocking, skippable) = (Blocking, Skippable);
}

/// <summary>
/// What a local run can execute, checked before it starts so that nothing is half-run. Every action and reusable
/// workflow of another repository is looked up (fetched when it is not cached) and read, recursively through composite
/// actions and called workflows, and checked against the action policy: a ref that does not resolve, a host that does
/// not answer, a path missing from the repository, a broken action.yml or a refused action is reported with the file,
/// line, job and step. Built-in actions always run; JavaScript actions need node, Docker actions an engine. Local
/// actions (<c>./path</c>) are read from the repository when they are there (the step reads them again from the
/// checked-out workspace when it runs), so what they use is checked too.
/// </summary>
public static partial class SupportedActions
{
    /// <summary>GitHub's limit on nested reusable workflow calls and on composite actions in composite actions.</summary>
    private const int MaxDepth = 10;

    /// <summary>
    /// One message per problem, naming the file, line, job and step and what to do. <c>Blocking</c> ones stop the run
    /// whatever the options (a reusable workflow that is not there, a refused reference, a broken action.yml, a ref or
    /// path that does not exist); <c>Skippable</c> ones are steps that <c>--skip-unsupported</c> skips (an action this
    /// machine cannot fetch or run).
    /// </summary>
    public static async Task<PlanProblems> ProblemsAsync(Sluice.Workflows.Workflow workflow, string workflowFile, PlanCheckOptions? options, CancellationToken cancellationToken)
    {
        options ??= new PlanCheckOptions();
        var check = new Check(options, options.Repositories ?? ActionRepositories.FolderOnly(options.ActionCacheDirectory), cancellationToken);
        await check.WorkflowAsync(workflow, workflowFile, options.RepositoryRoot, depth: 0);
        return new PlanProblems(check.Blocking, check.Skippable, check.ContainerJobs) { DockerSteps = check.DockerSteps, Uses = check.Uses };
    }

    /// <summary>
    /// The same check for an action's own action.yml (an action repository's dependencies): what its composite steps use,
    /// recursively. <paramref name="displayFile"/> names the file in messages.
    /// </summary>
    public static async Task<PlanProblems> ActionProblemsAsync(string actionFile, string displayFile, PlanCheckOptions? options, CancellationToken cancellationToken)
    {
        options ??= new PlanCheckOptions();
        var check = new Check(options, options.Repositories ?? ActionRepositories.FolderOnly(options.ActionCacheDirectory), cancellationToken);
        await check.ActionAsync(actionFile, displayFile);
        return new PlanProblems(check.Blocking, check.Skippable, check.ContainerJobs) { DockerSteps = check.DockerSteps, Uses = check.Uses };
    }
}
