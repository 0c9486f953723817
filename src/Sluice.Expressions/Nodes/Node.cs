namespace Sluice.Expressions;

/// <summary>A node of the compact syntax tree; <see cref="Depth"/> counts levels down to the deepest leaf.</summary>
internal abstract class Node(int depth)
{
    public int Depth { get; } = depth;

    public abstract ExpressionValue Evaluate(EvaluationState state);

    protected static int DepthOf(Node child) => child.Depth + 1;

    protected static int DepthOf(Node[] children)
    {
        var max = 0;
        foreach (var child in children)
        {
            max = Math.Max(max, child.Depth);
        }

        return max + 1;
    }
}
