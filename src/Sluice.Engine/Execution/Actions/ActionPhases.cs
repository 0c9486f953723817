using Sluice.Workflows;

namespace Sluice.Engine.Execution.Actions;

/// <summary>
/// What one job keeps about its JavaScript actions between GitHub's phases: the state each action's <c>pre</c> saved for its <c>main</c>, and the <c>post</c> stages registered as the
/// actions' main stages started, which run after the job's last step in reverse order.
/// </summary>
internal sealed class ActionPhases
{
    private readonly Dictionary<Step, Dictionary<string, string>> _preStates = new(ReferenceEqualityComparer.Instance);

    public bool PostDone { get; set; }

    public List<PendingPost> Posts { get; } = [];

    /// <summary>The major version of the node the job's host runs, once asked (null: not asked yet or not known).</summary>
    public int? NodeMajor { get; set; }

    public bool NodeVersionAsked { get; set; }

    /// <summary>The state the step's action starts its main stage with: what its pre stage saved, else nothing.</summary>
    public Dictionary<string, string> StateFor(Step? step) =>
        step is not null && _preStates.TryGetValue(step, out var state) ? state : new(StringComparer.Ordinal);

    public Dictionary<string, string> NewPreState(Step step) => _preStates[step] = new(StringComparer.Ordinal);
}

/// <summary>A <c>post</c> stage waiting for the end of the job, with what its main stage ran with.</summary>
internal sealed record PendingPost(
    string DisplayName,
    string LogStepId,
    string ActionId,
    ResolvedAction Action,
    IReadOnlyDictionary<string, string> StepEnv,
    IReadOnlyDictionary<string, string> Inputs,
    Dictionary<string, string> ActionState,
    bool ContinueOnError);
