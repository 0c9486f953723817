namespace Sluice.Expressions;

internal sealed class ComparisonNode(TokenKind op, Node left, Node right)
    : Node(Math.Max(left.Depth, right.Depth) + 1)
{
    public override ExpressionValue Evaluate(EvaluationState state)
    {
        var l = left.Evaluate(state);
        var r = right.Evaluate(state);
        var result = op switch
        {
            TokenKind.Equal => Coercion.AbstractEqual(l, r),
            TokenKind.NotEqual => !Coercion.AbstractEqual(l, r),
            TokenKind.LessThan => Coercion.AbstractLessThan(l, r),
            TokenKind.LessThanOrEqual => Coercion.AbstractEqual(l, r) || Coercion.AbstractLessThan(l, r),
            TokenKind.GreaterThan => Coercion.AbstractGreaterThan(l, r),
            _ => Coercion.AbstractEqual(l, r) || Coercion.AbstractGreaterThan(l, r),
        };
        return result ? ExpressionValue.True : ExpressionValue.False;
    }
}
