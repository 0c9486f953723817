using Sluice.Engine.Planning;
using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// One workflow's jobs as the decider schedules them: the run's own workflow, or a called (reusable) workflow whose
/// jobs run as part of the run under the calling leg's key, with the inputs the call gave it.
/// </summary>
public sealed class RunScope
{
    public required Workflow Workflow { get; init; }

    public required IReadOnlyList<PlannedJob> Plan { get; init; }

    public required ObjectValue Github { get; init; }

    public ObjectValue Vars { get; init; } = new();

    public ObjectValue Inputs { get; init; } = new();

    /// <summary>Put before the keys of this scope's jobs: empty for the run itself, <c>caller.</c> for a called workflow.</summary>
    public string KeyPrefix { get; init; } = "";

    public string DisplayPrefix { get; init; } = "";

    /// <summary>
    /// A leg with an <c>environment</c> and no <c>concurrency</c> of its own (and no matrix) joins the environment's group
    /// (<see cref="EnvironmentSetting.Group"/>), so that one deployment at a time reaches it: the server's runs share it.
    /// </summary>
    public bool EnvironmentGroups { get; init; }
}

/// <summary>How much may run at once, and which matrix legs run at all.</summary>
/// <param name="Parallelism">Legs that run steps at once across the run (a called workflow's leg holds no slot itself).</param>
/// <param name="MatrixFilter"><c>--matrix K:V</c>: only the legs whose K is V.</param>
public sealed record RunLimits(int Parallelism, IReadOnlyList<KeyValuePair<string, string>> MatrixFilter);

/// <summary>A leg: a job's scope (its index in <see cref="RunSnapshot.Scopes"/>), the job's id and the leg's index in its matrix.</summary>
public readonly record struct LegId(int Scope, string Job, int Index);
