namespace Sluice.Expressions;

public sealed class BooleanValue : ExpressionValue
{
    internal static readonly BooleanValue TrueInstance = new(true);
    internal static readonly BooleanValue FalseInstance = new(false);

    private BooleanValue(bool value) => Value = value;

    public bool Value { get; }

    public override ValueKind Kind => ValueKind.Boolean;

    public override bool IsTruthy => Value;

    public override string ToDisplayString() => Value ? "true" : "false";

    internal override double ToNumber() => Value ? 1d : 0d;
}
