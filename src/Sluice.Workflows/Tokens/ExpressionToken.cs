using Sluice.Expressions;

namespace Sluice.Workflows.Tokens;

/// <summary>
/// A value that holds <c>${{ }}</c> (or an <c>if:</c> condition): checked when the workflow is read,
/// evaluated when the job runs.
/// </summary>
public sealed class ExpressionToken(int line, int column, string source, TemplateString template) : TemplateToken(line, column)
{
    /// <summary>The text as written in the file (for a condition, the condition itself).</summary>
    public string Source { get; } = source;

    public TemplateString Template { get; } = template;

    public override TokenKind Kind => TokenKind.Expression;

    public override long Size => MinObjectSize + StringBaseOverhead + (2L * Source.Length);

    public override string Display => Source;
}

public static class ExpressionTokenExtensions
{
    public static IEnumerable<string> NamedValuesUsed(this ExpressionToken token) =>
        token.Template.Segments.Where(s => s.Expression is not null).SelectMany(s => s.Expression!.NamedValuesUsed);

    public static IEnumerable<string> FunctionsUsed(this ExpressionToken token) =>
        token.Template.Segments.Where(s => s.Expression is not null).SelectMany(s => s.Expression!.FunctionsUsed);
}
