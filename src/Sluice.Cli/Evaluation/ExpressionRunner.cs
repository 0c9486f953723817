using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>Parses and evaluates one expression the way a workflow would, with GitHub's rule that only known contexts may be named.</summary>
internal static class ExpressionRunner
{
    public static ExpressionOutcome Run(ExpressionRequest request)
    {
        var options = new ExpressionParserOptions { NamedValues = request.Contexts.Keys.ToArray() };
        if (!Expression.TryParse(Unwrap(request.Text), options, out var expression, out var parseError))
        {
            return ExpressionOutcome.Failure(parseError!);
        }

        try
        {
            return ExpressionOutcome.Success(expression!.Evaluate(new EvaluationContext { NamedValues = request.Contexts }));
        }
        catch (ExpressionException ex)
        {
            return ExpressionOutcome.Failure(ex.Error);
        }
    }

    /// <summary>Accepts <c>${{ expr }}</c> as well as a bare <c>expr</c>, since people paste either from workflow files.</summary>
    internal static string Unwrap(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("${{", StringComparison.Ordinal)
            && trimmed.EndsWith("}}", StringComparison.Ordinal)
            && trimmed.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
        {
            return trimmed[3..^2];
        }

        return text;
    }
}
