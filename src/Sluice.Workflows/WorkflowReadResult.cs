namespace Sluice.Workflows;

/// <summary>The outcome of reading one workflow file: the model when it could be built, and every problem found.</summary>
public sealed class WorkflowReadResult(string file, Workflow? workflow, IReadOnlyList<WorkflowDiagnostic> errors, IReadOnlyList<WorkflowDiagnostic>? warnings = null)
{
    public string File { get; } = file;

    /// <summary>The parsed workflow; present whenever the file was readable YAML of the right overall shape, even with errors.</summary>
    public Workflow? Workflow { get; } = workflow;

    public IReadOnlyList<WorkflowDiagnostic> Errors { get; } = errors;

    /// <summary>Problems GitHub accepts but that are almost always mistakes; they do not make the file invalid.</summary>
    public IReadOnlyList<WorkflowDiagnostic> Warnings { get; } = warnings ?? [];

    public bool IsValid => Errors.Count == 0;
}
