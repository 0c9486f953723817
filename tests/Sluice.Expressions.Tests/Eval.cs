namespace Sluice.Expressions.Tests;

/// <summary>Small helpers so tests read as the expression they check.</summary>
internal static class Eval
{
    public static ExpressionValue Run(string expression, EvaluationContext? context = null) =>
        Expression.Parse(expression).Evaluate(context ?? new EvaluationContext());

    public static ExpressionError ParseError(string expression, ExpressionParserOptions? options = null)
    {
        Assert.False(Expression.TryParse(expression, options, out var parsed, out var error), "expected a parse error");
        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.True(error.Kind is ExpressionErrorKind.Lexing or ExpressionErrorKind.Parsing, error.ToString());
        return error;
    }

    public static ExpressionError EvaluationError(string expression, EvaluationContext? context = null)
    {
        var ex = Assert.Throws<ExpressionException>(() => Run(expression, context));
        Assert.Equal(ExpressionErrorKind.Evaluation, ex.Error.Kind);
        return ex.Error;
    }

    public static EvaluationContext With(string name, ExpressionValue value) =>
        new() { NamedValues = new Dictionary<string, ExpressionValue> { [name] = value } };
}
