using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

/// <summary>A composite action as its action.yml declares it: inputs, outputs and the steps it runs.</summary>
internal sealed class ActionManifest
{
    /// <summary>The action.yml as shown in messages, relative to the workspace.</summary>
    public required string File { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<ActionInput> Inputs { get; init; } = [];

    public IReadOnlyList<ActionOutput> Outputs { get; init; } = [];

    public IReadOnlyList<Step> Steps { get; init; } = [];
}

/// <summary>An entry of <c>inputs:</c>; <see cref="Default"/> may hold <c>${{ }}</c>.</summary>
internal sealed record ActionInput(string Name, TemplateToken? Default, bool Required);

/// <summary>An entry of <c>outputs:</c>; <see cref="Value"/> is usually <c>${{ steps.x.outputs.y }}</c>.</summary>
internal sealed record ActionOutput(string Name, TemplateToken? Value);

/// <summary>An action.yml read: the manifest when it describes a composite action that can run, else the reasons it cannot.</summary>
internal sealed record ActionManifestResult(ActionManifest? Manifest, IReadOnlyList<WorkflowDiagnostic> Errors);
