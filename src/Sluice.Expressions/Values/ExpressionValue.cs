namespace Sluice.Expressions;

/// <summary>
/// A value produced or consumed by an expression. Primitive values are immutable;
/// <see cref="ArrayValue"/> and <see cref="ObjectValue"/> are builders that callers fill before evaluation.
/// </summary>
public abstract partial class ExpressionValue
{
    private protected ExpressionValue()
    {
    }

    public abstract ValueKind Kind { get; }

    public static ExpressionValue Null { get; } = NullValue.Instance;

    public static ExpressionValue True { get; } = BooleanValue.TrueInstance;

    public static ExpressionValue False { get; } = BooleanValue.FalseInstance;

    /// <summary>GitHub's truthiness: null, false, 0, NaN and '' are falsy; arrays and objects are truthy.</summary>
    public abstract bool IsTruthy { get; }

    public static ExpressionValue FromBoolean(bool b) => b ? BooleanValue.TrueInstance : BooleanValue.FalseInstance;

    public static ExpressionValue FromNumber(double d) => new NumberValue(d);

    public static ExpressionValue FromString(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Length == 0 ? StringValue.Empty : new StringValue(s);
    }

    /// <summary>GitHub's string coercion: null is '', numbers use up to 15 significant digits, arrays are 'Array', objects 'Object'.</summary>
    public abstract string ToDisplayString();

    /// <summary>GitHub's number coercion used by loose comparisons.</summary>
    internal abstract double ToNumber();

    public override string ToString() => ToDisplayString();
}
