namespace Sluice.Expressions;

/// <summary>GitHub's parse error messages.</summary>
internal static class ParseErrors
{
    /// <summary>A token the lexer could not read is a lexing error; a readable token in the wrong place, a parsing error.</summary>
    public static ExpressionError UnexpectedSymbol(string text, Token token) =>
        Located("Unexpected symbol", text, token, token.Kind == TokenKind.Unexpected ? ExpressionErrorKind.Lexing : ExpressionErrorKind.Parsing);

    public static ExpressionError UnexpectedEnd(string text, Token lastToken) =>
        Located("Unexpected end of expression", text, lastToken);

    public static ExpressionError UnrecognizedNamedValue(string text, Token token) =>
        Located("Unrecognized named-value", text, token);

    public static ExpressionError UnrecognizedFunction(string text, Token token) =>
        Located("Unrecognized function", text, token);

    public static ExpressionError TooFewParameters(string text, Token token) =>
        Located("Too few parameters supplied", text, token);

    public static ExpressionError TooManyParameters(string text, Token token) =>
        Located("Too many parameters supplied", text, token);

    public static ExpressionError EvenParameters(string text, Token token) =>
        Located("Even number of parameters supplied, requires an odd number of parameters", text, token);

    public static ExpressionError ExceededMaxDepth(int maxDepth) =>
        new(ExpressionErrorKind.Parsing, $"Exceeded max expression depth {maxDepth}");

    public static ExpressionError ExceededMaxLength(int maxLength) =>
        new(ExpressionErrorKind.Parsing, $"Exceeded max expression length {maxLength}");

    private static ExpressionError Located(string description, string text, Token token, ExpressionErrorKind kind = ExpressionErrorKind.Parsing) =>
        new(
            kind,
            $"{description}: '{text.AsSpan(token.Start, token.Length)}'. Located at position {token.Start + 1} within expression: {text}");
}
