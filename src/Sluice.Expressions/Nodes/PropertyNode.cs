namespace Sluice.Expressions;

/// <summary><c>target.name</c>.</summary>
internal sealed class PropertyNode(Node target, string name) : Node(target.Depth + 1)
{
    public override ExpressionValue Evaluate(EvaluationState state) => Access.Property(target.Evaluate(state), name);
}
