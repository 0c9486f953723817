using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>What evaluating a request came to: a value, or an error of a given kind. Exactly one of the two is set.</summary>
internal sealed record ExpressionOutcome(ExpressionValue? Value, string? ErrorKind, string? ErrorMessage)
{
    /// <summary>The error kind for a request line the CLI could not read, as opposed to an expression that failed.</summary>
    public const string InputErrorKind = "input";

    public static ExpressionOutcome Success(ExpressionValue value) => new(value, null, null);

    public static ExpressionOutcome Failure(ExpressionError error) =>
        new(null, KindName(error.Kind), error.Message);

    /// <summary>The kind's name as GitHub's expression test vectors write it.</summary>
    public static string KindName(ExpressionErrorKind kind) => kind switch
    {
        ExpressionErrorKind.Lexing => "lexing",
        ExpressionErrorKind.Parsing => "parsing",
        _ => "evaluation",
    };

    public static ExpressionOutcome InvalidInput(string message) => new(null, InputErrorKind, message);
}
