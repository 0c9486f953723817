namespace Sluice.Expressions;

internal sealed class NotNode(Node operand) : Node(DepthOf(operand))
{
    public override ExpressionValue Evaluate(EvaluationState state) =>
        operand.Evaluate(state).IsTruthy ? ExpressionValue.False : ExpressionValue.True;
}
