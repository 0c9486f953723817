using Sluice.Expressions;

namespace Sluice.Engine.Execution.Composite;

/// <summary>
/// The <c>inputs</c> context of a composite action: each declared input's default, replaced by the calling
/// step's <c>with</c>; required inputs with neither are missing.
/// </summary>
internal sealed record CompositeInputs(ObjectValue Values, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected)
{
    /// <param name="callerContext">Where defaults are evaluated: the calling step's contexts.</param>
    public static CompositeInputs Build(ActionManifest manifest, IReadOnlyDictionary<string, ExpressionValue> with, EvaluationContext callerContext)
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

        return new CompositeInputs(values, missing, unexpected);
    }
}
