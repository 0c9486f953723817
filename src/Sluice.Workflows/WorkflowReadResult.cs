namespace Sluice.Workflows;

/// <summary>The outcome of reading one workflow file: the model when it could be built, and every problem found.</summary>
public sealed class WorkflowReadResult(string file, Workflow? workflow, IReadOnlyList<WorkflowDiagnostic> errors)
{
    public string File { get; } = file;

    /// <summary>The parsed workflow; present even when there are errors if the file was readable YAML.</summary>
    public Workflow? Workflow { get; } = workflow;

    public IReadOnlyList<WorkflowDiagnostic> Errors { get; } = errors;

    public bool IsValid => Errors.Count == 0;
}
