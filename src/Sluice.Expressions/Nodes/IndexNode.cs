namespace Sluice.Expressions;

/// <summary><c>target[index]</c>.</summary>
internal sealed class IndexNode(Node target, Node index) : Node(Math.Max(target.Depth, index.Depth) + 1)
{
    public override ExpressionValue Evaluate(EvaluationState state)
    {
        var value = target.Evaluate(state);
        return index is LiteralNode { Value: StringValue key } && value is not ArrayValue
            ? Access.Property(value, key.Value)
            : Access.Index(value, index.Evaluate(state));
    }
}
