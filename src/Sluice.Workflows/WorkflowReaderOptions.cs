namespace Sluice.Workflows;

/// <summary>Limits and hooks for reading workflows. The defaults are GitHub's documented limits.</summary>
public sealed class WorkflowReaderOptions
{
    /// <summary>Largest file accepted, in characters.</summary>
    public int MaxFileSize { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Upper bound on the size of the parsed result (a rough count of bytes), which also caps alias expansion.</summary>
    public int MaxResultSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>Most jobs a matrix may produce.</summary>
    public int MaxMatrixJobs { get; init; } = 256;

    /// <summary>Resolves <c>uses:</c> of reusable workflows to their text; null when reusable workflows are not followed.</summary>
    public Func<string, string?>? ResolveReusableWorkflow { get; init; }

    public static WorkflowReaderOptions Default { get; } = new();
}
