namespace Sluice.Expressions;

public sealed class NumberValue : ExpressionValue
{
    public NumberValue(double value) => Value = value;

    public double Value { get; }

    public override ValueKind Kind => ValueKind.Number;

    public override bool IsTruthy => Value != 0d && !double.IsNaN(Value);

    public override string ToDisplayString() => NumberFormatting.ToDisplayString(Value);

    internal override double ToNumber() => Value;
}
