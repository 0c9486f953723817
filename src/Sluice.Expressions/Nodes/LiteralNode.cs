namespace Sluice.Expressions;

internal sealed class LiteralNode(ExpressionValue value) : Node(1)
{
    public ExpressionValue Value { get; } = value;

    public override ExpressionValue Evaluate(EvaluationState state) => Value;
}
