using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Matrix;

/// <summary>
/// A matrix written without <c>${{ }}</c> is known when the file is read, so it can be expanded then. A key with
/// <c>${{ }}</c> (an expression key or <c>${{ insert }}</c>, which the reader keeps as written) makes it one that
/// the run expands, after evaluating its keys.
/// </summary>
internal static class LiteralMatrix
{
    /// <summary>The matrix as a value, or null when any part of it is an expression (it is expanded when the job starts).</summary>
    public static ObjectValue? From(MappingToken matrix) => Convert(matrix) as ObjectValue;

    private static ExpressionValue? Convert(TemplateToken token)
    {
        switch (token)
        {
            case StringToken s:
                return ExpressionValue.FromString(s.Value);
            case NumberToken n:
                return ExpressionValue.FromNumber(n.Value);
            case BooleanToken b:
                return ExpressionValue.FromBoolean(b.Value);
            case NullToken:
                return ExpressionValue.Null;
            case SequenceToken sequence:
                var array = new ArrayValue();
                foreach (var item in sequence.Items)
                {
                    if (Convert(item) is not { } value)
                    {
                        return null;
                    }

                    array.Add(value);
                }

                return array;
            case MappingToken mapping:
                var obj = new ObjectValue();
                foreach (var (key, item) in mapping.Pairs)
                {
                    if (key.Value.Contains("${{", StringComparison.Ordinal) || Convert(item) is not { } value)
                    {
                        return null;
                    }

                    obj.Set(key.Value, value);
                }

                return obj;
            default:
                return null;
        }
    }
}
