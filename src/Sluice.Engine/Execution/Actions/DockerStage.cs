using Sluice.Containers;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// One stage of a Docker container action to run: everything a JavaScript stage has (<see cref="Stage"/>: the
/// action, the step's env, inputs, state, where output goes), and what the container adds, evaluated.
/// </summary>
internal sealed class DockerStage
{
    public required NodeStageRequest Stage { get; init; }

    public required ContainerEngine Engine { get; init; }

    /// <summary>The program the container starts with instead of the image's entrypoint, or null for the image's.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>The container's arguments (its command), or null for the image's <c>CMD</c>.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary><c>runs.env</c> of the action.yml, evaluated.</summary>
    public required IReadOnlyDictionary<string, string> ActionEnv { get; init; }

    /// <summary>The job's network when it has containers (so that services answer by their ids), else null for the engine's default.</summary>
    public string? Network { get; init; }

    /// <summary>The job's temp folder (<c>RUNNER_TEMP</c>).</summary>
    public required string Temp { get; init; }

    public required TimeProvider TimeProvider { get; init; }
}
