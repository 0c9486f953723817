using System.Text;

namespace Sluice.Expressions;

/// <summary>contains, startsWith, endsWith and join; text comparisons ignore case.</summary>
internal static class TextFunctions
{
    public static bool Contains(ExpressionValue search, ExpressionValue item)
    {
        switch (search)
        {
            case ArrayValue array:
                foreach (var element in array.Items)
                {
                    if (Coercion.AbstractEqual(element, item))
                    {
                        return true;
                    }
                }

                return false;
            case ObjectValue:
                return false;
            default:
                return item.Kind is not (ValueKind.Array or ValueKind.Object)
                    && search.ToDisplayString().Contains(item.ToDisplayString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    public static bool StartsWith(ExpressionValue text, ExpressionValue prefix) =>
        IsPrimitive(text) && IsPrimitive(prefix)
        && text.ToDisplayString().StartsWith(prefix.ToDisplayString(), StringComparison.OrdinalIgnoreCase);

    public static bool EndsWith(ExpressionValue text, ExpressionValue suffix) =>
        IsPrimitive(text) && IsPrimitive(suffix)
        && text.ToDisplayString().EndsWith(suffix.ToDisplayString(), StringComparison.OrdinalIgnoreCase);

    public static ExpressionValue Join(EvaluationState state, ExpressionValue items, ExpressionValue? separator)
    {
        if (items is ObjectValue)
        {
            return StringValue.Empty;
        }

        if (items is not ArrayValue array)
        {
            return state.Charge(items.ToDisplayString());
        }

        var glue = separator is null || !IsPrimitive(separator) ? "," : separator.ToDisplayString();
        var limit = state.MaxStringLength;
        var builder = new StringBuilder();
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(glue);
            }

            builder.Append(array[i].ToDisplayString());
            if (builder.Length > limit)
            {
                throw ExpressionException.Evaluation(EvaluationState.MemoryExceededMessage);
            }
        }

        return state.Charge(builder.ToString());
    }

    private static bool IsPrimitive(ExpressionValue value) => value.Kind is not (ValueKind.Array or ValueKind.Object);
}
