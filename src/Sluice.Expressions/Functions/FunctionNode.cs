namespace Sluice.Expressions;

internal sealed class FunctionNode(FunctionInfo function, Node[] args) : Node(DepthOf(args))
{
    public FunctionInfo Function { get; } = function;

    public override ExpressionValue Evaluate(EvaluationState state)
    {
        switch (Function.Id)
        {
            case FunctionId.Contains:
                return ExpressionValue.FromBoolean(TextFunctions.Contains(args[0].Evaluate(state), args[1].Evaluate(state)));
            case FunctionId.StartsWith:
                return ExpressionValue.FromBoolean(TextFunctions.StartsWith(args[0].Evaluate(state), args[1].Evaluate(state)));
            case FunctionId.EndsWith:
                return ExpressionValue.FromBoolean(TextFunctions.EndsWith(args[0].Evaluate(state), args[1].Evaluate(state)));
            case FunctionId.Format:
                return FormatFunction.Evaluate(state, args);
            case FunctionId.Join:
                return TextFunctions.Join(state, args[0].Evaluate(state), args.Length > 1 ? args[1].Evaluate(state) : null);
            case FunctionId.ToJson:
                return state.Charge(PrettyJson.Write(args[0].Evaluate(state), state));
            case FunctionId.FromJson:
                return ExpressionValue.ParseJson(args[0].Evaluate(state).ToDisplayString());
            case FunctionId.Case:
                return EvaluateCase(state);
            case FunctionId.HashFiles:
                return EvaluateHashFiles(state);
            case FunctionId.Success:
                return ExpressionValue.FromBoolean(state.Context.Status == JobStatus.Success);
            case FunctionId.Always:
                return ExpressionValue.True;
            case FunctionId.Cancelled:
                return ExpressionValue.FromBoolean(state.Context.Status == JobStatus.Cancelled);
            default:
                return ExpressionValue.FromBoolean(state.Context.Status == JobStatus.Failure);
        }
    }

    // case(pred1, value1, pred2, value2, ..., default): the value after the first true predicate.
    private ExpressionValue EvaluateCase(EvaluationState state)
    {
        var last = args.Length - 1;
        for (var i = 0; i < last; i += 2)
        {
            if (args[i].Evaluate(state) is not BooleanValue predicate)
            {
                throw ExpressionException.Evaluation("case predicate must evaluate to a boolean value");
            }

            if (predicate.Value)
            {
                return args[i + 1].Evaluate(state);
            }
        }

        return args[last].Evaluate(state);
    }

    private ExpressionValue EvaluateHashFiles(EvaluationState state)
    {
        var hashFiles = state.Context.HashFiles
            ?? throw ExpressionException.Evaluation("hashFiles is not available here: the caller supplied no way to hash files.");
        var patterns = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            patterns[i] = args[i].Evaluate(state).ToDisplayString();
        }

        string hash;
        try
        {
            hash = hashFiles(patterns);
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw ExpressionException.Evaluation($"hashFiles('{string.Join("', '", patterns)}') failed: {ex.Message}");
        }

        return state.Charge(hash ?? string.Empty);
    }
}
