namespace Sluice.Expressions;

/// <summary>One piece of a <see cref="TemplateString"/>: literal text or an expression.</summary>
public sealed class TemplateSegment
{
    private TemplateSegment(string? literal, Expression? expression)
    {
        Literal = literal;
        Expression = expression;
    }

    /// <summary>The text, when this segment is literal; otherwise null.</summary>
    public string? Literal { get; }

    /// <summary>The expression, when this segment is one; otherwise null.</summary>
    public Expression? Expression { get; }

    public bool IsExpression => Expression is not null;

    public static TemplateSegment FromLiteral(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    public static TemplateSegment FromExpression(Expression expression) =>
        new(null, expression ?? throw new ArgumentNullException(nameof(expression)));

    public override string ToString() => Expression is null ? Literal! : "${{ " + Expression.Text + " }}";
}
