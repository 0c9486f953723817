namespace Sluice.Expressions;

/// <summary>Where an expression failed, in the words of GitHub's test vectors.</summary>
public enum ExpressionErrorKind
{
    /// <summary>A piece of text that is no token at all (<c>1 = 2</c>, <c>'open</c>, <c>0xFZ</c>).</summary>
    Lexing,

    /// <summary>Tokens in an order the grammar does not allow, an unknown name or function, a wrong argument count, a limit.</summary>
    Parsing,

    /// <summary>A well-formed expression that failed while it was evaluated (bad JSON for <c>fromJSON</c>, ...).</summary>
    Evaluation,
}

/// <summary>A parse or evaluation failure with a message worded as GitHub words it.</summary>
public sealed record ExpressionError(ExpressionErrorKind Kind, string Message);
