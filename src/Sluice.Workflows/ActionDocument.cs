using Sluice.Workflows.Tokens;

namespace Sluice.Workflows;

/// <summary>
/// An action.yml as GitHub's runner reads it (<see cref="ActionReader.ReadDocument"/>): the checked tokens, with
/// <c>${{ }}</c> parsed and conditions read, when the runner would load the action, and the problems found. Keys the
/// runner ignores stay in <see cref="Root"/> as written; a program that runs the action reads what it needs from it.
/// </summary>
public sealed class ActionDocument(string file, MappingToken? root, IReadOnlyList<WorkflowDiagnostic> errors, IReadOnlyList<WorkflowDiagnostic> warnings)
{
    public string File { get; } = file;

    /// <summary>The document's root mapping; null when there are errors.</summary>
    public MappingToken? Root { get; } = root;

    public IReadOnlyList<WorkflowDiagnostic> Errors { get; } = errors;

    /// <summary>What only the strict reading (GitHub's editor and marketplace) refuses; the action still runs.</summary>
    public IReadOnlyList<WorkflowDiagnostic> Warnings { get; } = warnings;

    public bool IsValid => Errors.Count == 0;

    /// <summary>
    /// The steps of a composite action (<c>runs.steps</c>), read as a job's steps are, with GitHub's generated ids and
    /// conditions; empty for other kinds of action.
    /// </summary>
    public IReadOnlyList<Step> CompositeSteps => _steps ??= (Root?.Get("runs") as MappingToken)?.Get("steps") is SequenceToken steps ? WorkflowBuilder.BuildSteps(steps) : [];

    private IReadOnlyList<Step>? _steps;
}
