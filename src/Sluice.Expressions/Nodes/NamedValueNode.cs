namespace Sluice.Expressions;

internal sealed class NamedValueNode(string name) : Node(1)
{
    public string Name { get; } = name;

    public override ExpressionValue Evaluate(EvaluationState state) =>
        state.Context.LookupNamedValue(Name) ?? ExpressionValue.Null;
}
