using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>What evaluating a request came to: a value, or an error of a given kind. Exactly one of the two is set.</summary>
internal sealed record ExpressionOutcome(ExpressionValue? Value, string? ErrorKind, string? ErrorMessage)
{
    /// <summary>The error kind for a request line the CLI could not read, as opposed to an expression that failed.</summary>
    public const string InputErrorKind = "input";

    public static ExpressionOutcome Success(ExpressionValue value) => new(value, null, null);

    public static ExpressionOutcome Failure(ExpressionError error) =>
        new(null, error.Kind == ExpressionErrorKind.Parsing ? "parsing" : "evaluation", error.Message);

    public static ExpressionOutcome InvalidInput(string message) => new(null, InputErrorKind, message);
}
