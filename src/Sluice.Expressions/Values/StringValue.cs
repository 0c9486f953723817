namespace Sluice.Expressions;

public sealed class StringValue : ExpressionValue
{
    internal static readonly StringValue Empty = new(string.Empty);

    public StringValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Value { get; }

    public override ValueKind Kind => ValueKind.String;

    public override bool IsTruthy => Value.Length != 0;

    public override string ToDisplayString() => Value;

    internal override double ToNumber() => NumberFormatting.ParseCoercedNumber(Value);
}
