namespace Sluice.Expressions;

internal readonly record struct Token(TokenKind Kind, int Start, int Length, double Number = 0d, string? Text = null)
{
    public bool IsOperator => Kind is >= TokenKind.Not and <= TokenKind.GreaterThanOrEqual;
}
