namespace Sluice.Expressions;

/// <summary>GitHub's loose comparison rules: same kinds compare directly, different kinds compare as numbers.</summary>
internal static class Coercion
{
    public static bool AbstractEqual(ExpressionValue left, ExpressionValue right)
    {
        var kind = left.Kind;
        if (kind != right.Kind)
        {
            return left.ToNumber() == right.ToNumber();
        }

        return kind switch
        {
            ValueKind.Null => true,
            ValueKind.Boolean => ((BooleanValue)left).Value == ((BooleanValue)right).Value,
            ValueKind.Number => ((NumberValue)left).Value == ((NumberValue)right).Value,
            ValueKind.String => string.Equals(((StringValue)left).Value, ((StringValue)right).Value, StringComparison.OrdinalIgnoreCase),
            _ => ReferenceEquals(left, right),
        };
    }

    public static bool AbstractGreaterThan(ExpressionValue left, ExpressionValue right)
    {
        var kind = left.Kind;
        if (kind != right.Kind)
        {
            return left.ToNumber() > right.ToNumber();
        }

        return kind switch
        {
            ValueKind.Boolean => ((BooleanValue)left).Value && !((BooleanValue)right).Value,
            ValueKind.Number => ((NumberValue)left).Value > ((NumberValue)right).Value,
            ValueKind.String => string.Compare(((StringValue)left).Value, ((StringValue)right).Value, StringComparison.OrdinalIgnoreCase) > 0,
            _ => false,
        };
    }

    public static bool AbstractLessThan(ExpressionValue left, ExpressionValue right)
    {
        var kind = left.Kind;
        if (kind != right.Kind)
        {
            return left.ToNumber() < right.ToNumber();
        }

        return kind switch
        {
            ValueKind.Boolean => !((BooleanValue)left).Value && ((BooleanValue)right).Value,
            ValueKind.Number => ((NumberValue)left).Value < ((NumberValue)right).Value,
            ValueKind.String => string.Compare(((StringValue)left).Value, ((StringValue)right).Value, StringComparison.OrdinalIgnoreCase) < 0,
            _ => false,
        };
    }
}
