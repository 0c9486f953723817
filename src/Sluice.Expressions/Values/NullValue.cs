namespace Sluice.Expressions;

public sealed class NullValue : ExpressionValue
{
    internal static readonly NullValue Instance = new();

    private NullValue()
    {
    }

    public override ValueKind Kind => ValueKind.Null;

    public override bool IsTruthy => false;

    public override string ToDisplayString() => string.Empty;

    internal override double ToNumber() => 0d;
}
