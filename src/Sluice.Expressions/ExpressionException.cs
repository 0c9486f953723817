namespace Sluice.Expressions;

/// <summary>Thrown by <see cref="Expression.Parse"/> and by evaluation when the expression cannot be parsed or evaluated.</summary>
public sealed class ExpressionException(ExpressionError error) : Exception(error?.Message)
{
    public ExpressionError Error { get; } = error ?? throw new ArgumentNullException(nameof(error));

    internal static ExpressionException Evaluation(string message) =>
        new(new ExpressionError(ExpressionErrorKind.Evaluation, message));
}
