using Sluice.Expressions;

namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// The inputs of an action: each declared input's default, replaced by the calling step's <c>with</c>; required
/// inputs with neither are missing. A composite action reads them as its <c>inputs</c> context, a JavaScript action
/// as <c>INPUT_&lt;NAME&gt;</c> variables.
/// </summary>
internal sealed record ActionInputs(ObjectValue Values, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected)
{
    /// <param name="callerContext">Where defaults are evaluated: the calling step's contexts.</param>
    public static ActionInputs Build(ActionManifest manifest, IReadOnlyDictionary<string, ExpressionValue> with, EvaluationContext callerContext)
    {
        var values = new ObjectValue();
        var missing = new List<string>();
        foreach (var input in manifest.Inputs)
        {
            if (with.TryGetValue(input.Name, out var given) && given.Kind != ValueKind.Null)
            {
                values.Set(input.Name, ExpressionValue.FromString(given.ToDisplayString()));
            }
            else if (input.Default is not null)
            {
                values.Set(input.Name, ExpressionValue.FromString(TokenEvaluator.EvaluateString(input.Default, callerContext)));
            }
            else
            {
                if (input.Required)
                {
                    missing.Add(input.Name);
                }

                values.Set(input.Name, ExpressionValue.FromString(""));
            }
        }

        // GitHub warns about inputs the action does not declare and passes them on anyway.
        var unexpected = new List<string>();
        foreach (var (name, value) in with)
        {
            if (!manifest.Inputs.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                unexpected.Add(name);
                values.Set(name, ExpressionValue.FromString(value.ToDisplayString()));
            }
        }

        return new ActionInputs(values, missing, unexpected);
    }
}
