namespace Sluice.Workflows;

/// <summary>Limits and hooks for reading workflows. The defaults are GitHub's documented limits.</summary>
public sealed class WorkflowReaderOptions
{
    /// <summary>Largest file accepted, in characters.</summary>
    public int MaxFileSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Upper bound on the size of the parsed result (a rough count of bytes), which also caps alias expansion.</summary>
    public int MaxResultSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>Most jobs a matrix may produce.</summary>
    public int MaxMatrixJobs { get; init; } = 256;

    /// <summary>Resolves <c>uses:</c> of reusable workflows to their text; null when reusable workflows are not followed.</summary>
    public Func<string, string?>? ResolveReusableWorkflow { get; init; }

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
