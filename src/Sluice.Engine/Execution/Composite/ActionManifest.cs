using Sluice.Workflows;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution.Composite;

/// <summary>What an action.yml's <c>runs.using</c> says the action is.</summary>
internal enum ActionKind
{
    Composite,

    /// <summary>A JavaScript action: <c>using: node20</c> and the like, run with node.</summary>
    Node,

    /// <summary><c>using: docker</c>: a container run from an image or from a Dockerfile in the action's folder.</summary>
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

    /// <summary>The <c>runs:</c> of a Docker container action; null for other kinds.</summary>
    public DockerRuns? Docker { get; init; }

    /// <summary>The line of <c>runs:</c>, for messages about what the action runs.</summary>
    public int RunsLine { get; init; }

    public IReadOnlyList<ActionInput> Inputs { get; init; } = [];

    public IReadOnlyList<ActionOutput> Outputs { get; init; } = [];

    public IReadOnlyList<Step> Steps { get; init; } = [];

    /// <summary>Whether the action has a stage for the job's Pre phase: a JavaScript action's <c>pre</c>, a Docker action's <c>pre-entrypoint</c>.</summary>
    public bool HasPre => Node?.Pre is not null || Docker?.PreEntrypoint is not null;

    /// <summary><c>pre-if</c> of either kind (default <c>always()</c>).</summary>
    public string PreIf => Node?.PreIf ?? Docker?.PreIf ?? "always()";

    /// <summary><c>post-if</c> of either kind (default <c>always()</c>).</summary>
    public string PostIf => Node?.PostIf ?? Docker?.PostIf ?? "always()";
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

/// <summary>
/// The <c>runs:</c> of a Docker container action: <see cref="Image"/> is <c>docker://IMAGE</c> or the path of a
/// Dockerfile inside the action's folder; <see cref="Args"/> and <see cref="Env"/> may hold <c>${{ inputs.x }}</c>.
/// The entrypoints replace the image's; <see cref="PreIf"/> and <see cref="PostIf"/> are conditions as GitHub runs them.
/// </summary>
internal sealed record DockerRuns(
    string Image,
    string? Entrypoint,
    IReadOnlyList<TemplateToken> Args,
    IReadOnlyList<KeyValuePair<string, TemplateToken>> Env,
    string? PreEntrypoint,
    string PreIf,
    string? PostEntrypoint,
    string PostIf)
{
    public const string ImagePrefix = "docker://";

    /// <summary>True when the image is built from a Dockerfile of the action rather than taken from a registry.</summary>
    public bool IsDockerfile => !Image.StartsWith(ImagePrefix, StringComparison.Ordinal);
}
