namespace Sluice.Expressions;

/// <summary>An ordered list of values. Mutable only while the caller builds it.</summary>
public sealed class ArrayValue : ExpressionValue
{
    private readonly List<ExpressionValue> _items;

    public ArrayValue() => _items = [];

    internal ArrayValue(int capacity, bool isFiltered)
    {
        _items = new List<ExpressionValue>(capacity);
        IsFiltered = isFiltered;
    }

    public override ValueKind Kind => ValueKind.Array;

    public override bool IsTruthy => true;

    public int Count => _items.Count;

    public ExpressionValue this[int i] => _items[i];

    public IReadOnlyList<ExpressionValue> Items => _items;

    /// <summary>
    /// True for the result of a <c>.*</c> or <c>[*]</c> filter: further property and index
    /// accesses apply to each element rather than to the array itself.
    /// </summary>
    internal bool IsFiltered { get; }

    public void Add(ExpressionValue v)
    {
        ArgumentNullException.ThrowIfNull(v);
        _items.Add(v);
    }

    public override string ToDisplayString() => "Array";

    internal override double ToNumber() => double.NaN;
}
