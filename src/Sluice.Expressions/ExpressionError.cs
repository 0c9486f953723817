namespace Sluice.Expressions;

public enum ExpressionErrorKind
{
    Parsing,
    Evaluation,
}

/// <summary>A parse or evaluation failure with a message worded as GitHub words it.</summary>
public sealed record ExpressionError(ExpressionErrorKind Kind, string Message);
