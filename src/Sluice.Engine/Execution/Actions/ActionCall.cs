using Sluice.Expressions;
using Sluice.Workflows;

namespace Sluice.Engine.Execution.Actions;

/// <summary>A step's <c>uses:</c> of an action that is not built in, with what the calling step gives it.</summary>
internal sealed record ActionCall
{
    public required string Uses { get; init; }

    /// <summary>The job step the action runs under; its output is logged as that step's.</summary>
    public required string LogStepId { get; init; }

    /// <summary>The id of the step that uses the action (<c>GITHUB_ACTION</c>): the job step's, or the nested step's inside a composite.</summary>
    public required string ActionId { get; init; }

    public required string DisplayName { get; init; }

    public required IReadOnlyDictionary<string, ExpressionValue> With { get; init; }

    /// <summary>The step-level env: the calling step's <c>env</c> over what it inherits from enclosing composite actions.</summary>
    public required IReadOnlyDictionary<string, string> Env { get; init; }

    /// <summary>Where input defaults are evaluated: the calling step's contexts.</summary>
    public required EvaluationContext CallerContext { get; init; }

    /// <summary>1 for an action a job step uses, 2 for one a composite action uses, and so on.</summary>
    public required int Depth { get; init; }

    /// <summary>The job step, for an action used directly by the job (its <c>pre</c> stage ran for it); null inside a composite.</summary>
    public Step? JobStep { get; init; }

    /// <summary>The calling step's <c>continue-on-error</c>, which its <c>post</c> stage keeps.</summary>
    public bool ContinueOnError { get; init; }

    public TimeSpan? Timeout { get; init; }
}
