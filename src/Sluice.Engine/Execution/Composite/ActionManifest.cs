using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

/// <summary>What an action.yml's <c>runs.using</c> says the action is.</summary>
internal enum ActionKind
{
    Composite,

    /// <summary>A JavaScript action: <c>using: node20</c> and the like, run with node.</summary>
    Node,

    /// <summary><c>using: docker</c>: not run here yet.</summary>
    Docker,
}

/// <summary>An action as its action.yml declares it: inputs, outputs, and what it runs (composite steps or node scripts).</summary>
internal sealed class ActionManifest
{
    /// <summary>The action.yml as shown in messages: relative to the workspace, or its path in the action cache.</summary>
    public required string File { get; init; }

    public string? Name { get; init; }

    public ActionKind Kind { get; init; } = ActionKind.Composite;

    /// <summary>The <c>runs:</c> of a JavaScript action; null for other kinds.</summary>
    public NodeRuns? Node { get; init; }

    /// <summary>The line of <c>runs:</c>, for messages about what the action runs.</summary>
    public int RunsLine { get; init; }

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

/// <summary>
/// The <c>runs:</c> of a JavaScript action: the node version it names and its scripts, relative to the action's
/// folder. <see cref="PreIf"/> and <see cref="PostIf"/> are conditions as GitHub runs them (default <c>always()</c>).
/// </summary>
internal sealed record NodeRuns(string Using, string Main, string? Pre, string PreIf, string? Post, string PostIf);
