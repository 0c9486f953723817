namespace Sluice.Expressions;

/// <summary>A parsed GitHub Actions expression (the text inside <c>${{ }}</c>), ready to evaluate many times.</summary>
public sealed class Expression
{
    private static readonly ExpressionParserOptions DefaultOptions = new();

    private readonly Node _root;

    private Expression(string text, ParsedExpression parsed)
    {
        Text = text;
        _root = parsed.Root;
        NamedValuesUsed = parsed.NamedValuesUsed;
        FunctionsUsed = parsed.FunctionsUsed;
    }

    public string Text { get; }

    /// <summary>Context names the expression refers to, compared ignoring case.</summary>
    public IReadOnlyCollection<string> NamedValuesUsed { get; }

    /// <summary>Functions the expression calls, by their canonical names (e.g. hashFiles), compared ignoring case.</summary>
    public IReadOnlyCollection<string> FunctionsUsed { get; }

    public static bool TryParse(string text, ExpressionParserOptions? options, out Expression? expression, out ExpressionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Parser.TryParse(text, options ?? DefaultOptions, out var parsed, out error))
        {
            expression = new Expression(text, parsed!);
            return true;
        }

        expression = null;
        return false;
    }

    /// <summary>Parses or throws <see cref="ExpressionException"/> of kind Parsing.</summary>
    public static Expression Parse(string text, ExpressionParserOptions? options = null) =>
        TryParse(text, options, out var expression, out var error) ? expression! : throw new ExpressionException(error!);

    /// <summary>Evaluates; throws <see cref="ExpressionException"/> of kind Evaluation when evaluation fails.</summary>
    public ExpressionValue Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _root.Evaluate(new EvaluationState(context));
    }

    internal ExpressionValue Evaluate(EvaluationState state) => _root.Evaluate(state);

    public override string ToString() => Text;
}
