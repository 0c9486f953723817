namespace Sluice.Expressions;

/// <summary><c>target.*</c> or <c>target[*]</c>.</summary>
internal sealed class WildcardNode(Node target) : Node(target.Depth + 1)
{
    public override ExpressionValue Evaluate(EvaluationState state) => Access.Wildcard(target.Evaluate(state));
}
