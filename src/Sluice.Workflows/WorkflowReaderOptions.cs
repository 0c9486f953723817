namespace Sluice.Workflows;

/// <summary>Limits and hooks for reading workflows. The defaults are GitHub's documented limits.</summary>
public sealed record WorkflowReaderOptions
{
    /// <summary>Largest file accepted, in characters.</summary>
    public int MaxFileSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences accepted (GitHub's limit).</summary>
    public int MaxDepth { get; init; } = 50;

    /// <summary>Upper bound on the size of the parsed result, in bytes as GitHub counts them; it also caps alias expansion.</summary>
    public int MaxResultSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>Most jobs a matrix may produce.</summary>
    public int MaxMatrixJobs { get; init; } = 256;

    /// <summary>Most jobs a workflow may hold, counting the jobs of the workflows it calls; zero for no limit.</summary>
    public int MaxJobs { get; init; }

    /// <summary>
    /// How deep reusable workflows may call each other below the workflow that starts the run: GitHub allows ten
    /// levels of workflows, the caller and nine below it.
    /// </summary>
    public int MaxNestedReusableWorkflowsDepth { get; init; } = 9;

    /// <summary>Most distinct workflow files one run may read (the caller and fifty reusable workflows on GitHub).</summary>
    public int MaxFiles { get; init; } = 51;

    /// <summary>Resolves <c>uses:</c> of reusable workflows to their text; null when reusable workflows are not followed.</summary>
    public Func<string, string?>? ResolveReusableWorkflow { get; init; }

    /// <summary>
    /// Accepts the step keys of GitHub's background-steps preview (<c>background</c>, <c>wait</c>, <c>wait-all</c>,
    /// <c>cancel</c>), which GitHub refuses unless the preview is switched on for the repository.
    /// </summary>
    public bool AllowBackgroundSteps { get; init; }

    /// <summary>The permissions a job gets when neither it nor its workflow sets any (the repository's default setting).</summary>
    public DefaultPermissionsPolicy DefaultPermissions { get; init; } = DefaultPermissionsPolicy.Write;

    public static WorkflowReaderOptions Default { get; } = new();
}

/// <summary>The repository setting for the default GITHUB_TOKEN permissions.</summary>
public enum DefaultPermissionsPolicy
{
    /// <summary>Read and write for every scope ("permissive").</summary>
    Write,

    /// <summary>Read for contents and packages, nothing else ("restricted").</summary>
    LimitedRead,
}
