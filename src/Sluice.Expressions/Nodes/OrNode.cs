namespace Sluice.Expressions;

/// <summary>n-ary ||: returns the first truthy operand, or the last one.</summary>
internal sealed class OrNode(Node[] operands) : Node(DepthOf(operands))
{
    public override ExpressionValue Evaluate(EvaluationState state)
    {
        ExpressionValue result = ExpressionValue.Null;
        foreach (var operand in operands)
        {
            result = operand.Evaluate(state);
            if (result.IsTruthy)
            {
                return result;
            }
        }

        return result;
    }
}
