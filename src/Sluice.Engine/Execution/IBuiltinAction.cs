using Sluice.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>
/// An action Sluice implements itself instead of downloading it (<c>actions/checkout</c>, artifacts, cache,
/// <c>setup-*</c>). It runs inside the job with the step's evaluated <c>with</c> inputs.
/// </summary>
public interface IBuiltinAction
{
    /// <summary>The action's name as users write it, without a version (<c>actions/checkout</c>).</summary>
    string Name { get; }

    /// <summary>True for the <c>uses:</c> values this action stands for, such as <c>actions/checkout@v4</c>.</summary>
    bool Handles(string uses);

    Task<Conclusion> RunAsync(BuiltinActionContext context, CancellationToken cancellationToken);
}

/// <summary>What a built-in action gets: the job, the step's inputs, a log, and a place for outputs.</summary>
public sealed class BuiltinActionContext
{
    public required JobRequest Request { get; init; }

    public required IReadOnlyDictionary<string, ExpressionValue> With { get; init; }

    public required Dictionary<string, string> Outputs { get; init; }

    public required Action<string> Log { get; init; }

    public required Action<string, string> Annotate { get; init; }

    public required Steps.ProcessRunner ProcessRunner { get; init; }

    public string Input(string name, string fallback = "") =>
        With.TryGetValue(name, out var value) && value.Kind != ValueKind.Null ? value.ToDisplayString() : fallback;
}
