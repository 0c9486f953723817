using Sluice.Expressions;

namespace Sluice.Workflows.Matrix;

/// <summary>Structural equality of matrix values: strings compare ordinally, objects by key (ignoring case) and value.</summary>
internal static class ValueEquality
{
    public static bool AreEqual(ExpressionValue left, ExpressionValue right) => (left, right) switch
    {
        (NullValue, NullValue) => true,
        (BooleanValue a, BooleanValue b) => a.Value == b.Value,
        (NumberValue a, NumberValue b) => a.Value.Equals(b.Value),
        (StringValue a, StringValue b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
        (ArrayValue a, ArrayValue b) => a.Count == b.Count && a.Items.Zip(b.Items).All(pair => AreEqual(pair.First, pair.Second)),
        (ObjectValue a, ObjectValue b) => a.Count == b.Count
            && a.Properties.All(p => b.TryGetValue(p.Key, out var other) && AreEqual(p.Value, other)),
        _ => false,
    };
}
