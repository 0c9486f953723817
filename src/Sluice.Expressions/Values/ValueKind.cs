namespace Sluice.Expressions;

/// <summary>The six kinds of value the expression language knows.</summary>
public enum ValueKind
{
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}
