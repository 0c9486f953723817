using System.Globalization;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution;

/// <summary>
/// Turns workflow tokens into values at run time: literals as they are, <c>${{ }}</c> templates evaluated, and in
/// mappings, keys that are expressions evaluated and <c>${{ insert }}</c> merged (TokenEvaluator.Mappings.cs).
/// </summary>
public static partial class TokenEvaluator
{
    public static ExpressionValue Evaluate(TemplateToken? token, EvaluationContext context)
    {
        switch (token)
        {
            case null or NullToken:
                return ExpressionValue.Null;
            case StringToken s:
                return ExpressionValue.FromString(s.Value);
            case NumberToken n:
                return ExpressionValue.FromNumber(n.Value);
            case BooleanToken b:
                return ExpressionValue.FromBoolean(b.Value);
            case ExpressionToken e:
                return e.Template.Evaluate(context);
            case SequenceToken sequence:
                var array = new ArrayValue();
                foreach (var item in sequence.Items)
                {
                    array.Add(Evaluate(item, context));
                }

                return array;
            case MappingToken mapping:
                return EvaluateMapping(mapping.Pairs.Select(p => KeyValuePair.Create(p.Key.Value, p.Value)), context);
            default:
                throw new InvalidOperationException($"unknown token {token.GetType().Name}");
        }
    }

    /// <summary>The value as text, as GitHub turns it into a string (null is empty).</summary>
    public static string EvaluateString(TemplateToken? token, EvaluationContext context) => Evaluate(token, context).ToDisplayString();

    public static string? EvaluateOptionalString(TemplateToken? token, EvaluationContext context) =>
        token is null or NullToken ? null : EvaluateString(token, context);

    public static bool EvaluateBool(TemplateToken? token, EvaluationContext context, bool fallback) =>
        token is null or NullToken ? fallback : Evaluate(token, context).IsTruthy;

    /// <summary>A number such as <c>timeout-minutes</c>; a value that is not a number is an error naming the setting.</summary>
    public static double? EvaluateNumber(TemplateToken? token, EvaluationContext context, string setting)
    {
        if (token is null or NullToken)
        {
            return null;
        }

        var value = Evaluate(token, context);
        return value switch
        {
            NumberValue n => n.Value,
            StringValue s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new ExpressionException(new ExpressionError(ExpressionErrorKind.Evaluation, $"'{setting}' must be a number, not '{value.ToDisplayString()}'")),
        };
    }

    /// <summary>Evaluates a condition as GitHub runs it (see <c>Job.Condition</c>); status functions read <paramref name="context"/>'s status.</summary>
    public static bool EvaluateCondition(string condition, EvaluationContext context) =>
        Expression.Parse(condition).Evaluate(context).IsTruthy;
}
