namespace Sluice.Expressions;

/// <summary>A map with case-insensitive keys that keeps insertion order. Mutable only while the caller builds it.</summary>
public sealed class ObjectValue : ExpressionValue
{
    private readonly List<KeyValuePair<string, ExpressionValue>> _properties = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public override ValueKind Kind => ValueKind.Object;

    public override bool IsTruthy => true;

    public int Count => _properties.Count;

    public IEnumerable<KeyValuePair<string, ExpressionValue>> Properties => _properties;

    internal List<KeyValuePair<string, ExpressionValue>> PropertyList => _properties;

    /// <summary>Adds a property, or replaces the value of an existing one whose key matches ignoring case.</summary>
    public void Set(string key, ExpressionValue v)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(v);
        if (_index.TryGetValue(key, out var position))
        {
            _properties[position] = new KeyValuePair<string, ExpressionValue>(_properties[position].Key, v);
            return;
        }

        _index.Add(key, _properties.Count);
        _properties.Add(new KeyValuePair<string, ExpressionValue>(key, v));
    }

    public bool TryGetValue(string key, out ExpressionValue v)
    {
        if (_index.TryGetValue(key, out var position))
        {
            v = _properties[position].Value;
            return true;
        }

        v = Null;
        return false;
    }

    public override string ToDisplayString() => "Object";

    internal override double ToNumber() => double.NaN;
}
