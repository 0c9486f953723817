namespace Sluice.Expressions;

/// <summary>Unwinds the recursive-descent parser on the first error; never escapes <see cref="Parser"/>.</summary>
internal sealed class ParseFailure(ExpressionError error) : Exception(error.Message)
{
    public ExpressionError Error { get; } = error;
}
