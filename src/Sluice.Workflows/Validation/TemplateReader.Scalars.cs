using System.Text;
using Sluice.Expressions;
using Sluice.Workflows.Schema;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

internal sealed partial class TemplateReader
{
    private const string ExpressionStart = "${{";
    private const string InsertDirective = "insert";
    private const string InsertDirectiveText = "${{ insert }}";

    private enum ScalarKind
    {
        Literal,
        Expression,
        InsertDirective,
    }

    /// <summary>A scalar after its <c>${{ }}</c> parts were read: literal, an expression, or the <c>insert</c> directive.</summary>
    private readonly record struct Scalar(TemplateToken Token, ScalarKind Kind);

    /// <summary>
    /// Reads the <c>${{ }}</c> parts of a string against the context allowed here, reporting every part's error.
    /// A string with an error stays literal text; <c>${{ 'text' }}</c> alone is that text.
    /// </summary>
    private Scalar ParseScalar(LiteralToken token, AllowedContext context)
    {
        if (token is not StringToken { Value: var raw } text || !raw.Contains(ExpressionStart, StringComparison.Ordinal))
        {
            return new Scalar(token, ScalarKind.Literal);
        }

        var parts = TemplateString.Split(raw);
        var segments = new List<TemplateSegment>(parts.Count);
        var failed = false;
        foreach (var part in parts)
        {
            if (!part.IsExpression)
            {
                segments.Add(TemplateSegment.FromLiteral(raw.Substring(part.Start, part.Length)));
                continue;
            }

            if (!part.IsClosed)
            {
                diagnostics.Add(text, "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.");
                return new Scalar(token, ScalarKind.Literal);
            }

            var expression = raw.AsSpan(part.Start, part.Length).Trim().ToString();
            if (expression.Length == 0)
            {
                diagnostics.Add(text, "An expression was expected");
                failed = true;
                continue;
            }

            if (MatchInsertDirective(expression, out var directiveError))
            {
                if (part.Start != ExpressionStart.Length || part.Start + part.Length + 2 != raw.Length)
                {
                    diagnostics.Add(text, $"The directive '{InsertDirective}' is not allowed in this context. Directives are not supported for expressions that are embedded within a string. Directives are only supported when the entire value is an expression.");
                    return new Scalar(token, ScalarKind.Literal);
                }

                return new Scalar(token, ScalarKind.InsertDirective);
            }

            if (directiveError is not null)
            {
                diagnostics.Add(text, directiveError);
                failed = true;
                continue;
            }

            if (!Expression.TryParse(expression, context.ParserOptions, out var parsed, out var error))
            {
                diagnostics.Add(text, error!.Message);
                failed = true;
                continue;
            }

            segments.Add(TemplateSegment.FromExpression(parsed!));
        }

        if (failed)
        {
            return new Scalar(token, ScalarKind.Literal);
        }

        if (segments is [{ Expression: { } single }] && QuotedText(single.Text) is { } literal)
        {
            return new Scalar(new StringToken(text.Line, text.Column, literal), ScalarKind.Literal);
        }

        // Text mixed with expressions is one format() expression to GitHub, and the length limit applies to it whole.
        var maxLength = context.ParserOptions.MaxLength;
        if (segments.Count > 1 && FormatExpressionLength(segments) > maxLength)
        {
            diagnostics.Add(text, $"Exceeded max expression length {maxLength}");
            return new Scalar(token, ScalarKind.Literal);
        }

        return new Scalar(new ExpressionToken(text.Line, text.Column, raw, TemplateString.FromSegments(raw, segments)), ScalarKind.Expression);
    }

    /// <summary>The length of <c>format('text {0}', expression)</c> that GitHub makes of text mixed with expressions.</summary>
    private static long FormatExpressionLength(List<TemplateSegment> segments)
    {
        long length = "format('')".Length;
        var index = 0;
        foreach (var segment in segments)
        {
            if (segment.Expression is { } expression)
            {
                length += 2 + index.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 2 + expression.Text.Length;
                index++;
            }
            else
            {
                foreach (var c in segment.Literal!)
                {
                    length += c is '\'' or '{' or '}' ? 2 : 1;
                }
            }
        }

        return length;
    }

    /// <summary>
    /// <c>insert</c>, alone or followed by white space, is the directive (and takes no parameters); anything else
    /// (<c>inserted</c>) is an ordinary expression.
    /// </summary>
    private static bool MatchInsertDirective(string expression, out string? error)
    {
        error = null;
        if (!expression.StartsWith(InsertDirective, StringComparison.Ordinal)
            || (expression.Length > InsertDirective.Length && !char.IsWhiteSpace(expression[InsertDirective.Length])))
        {
            return false;
        }

        var parameters = CountDirectiveParameters(expression.AsSpan(InsertDirective.Length));
        if (parameters == 0)
        {
            return true;
        }

        error = $"Exactly 0 parameter(s) were expected following the directive '{InsertDirective}'. Actual parameter count: {parameters}";
        return false;
    }

    /// <summary>Words after a directive, split at white space outside quotes and parentheses.</summary>
    private static int CountDirectiveParameters(ReadOnlySpan<char> rest)
    {
        int count = 0, parentheses = 0;
        bool inString = false, inWord = false;
        foreach (var c in rest)
        {
            if (char.IsWhiteSpace(c) && !inString && parentheses == 0)
            {
                inWord = false;
                continue;
            }

            if (!inWord)
            {
                count++;
                inWord = true;
            }

            if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString)
            {
                parentheses += c switch { '(' => 1, ')' => -1, _ => 0 };
            }
        }

        return count;
    }

    /// <summary>The text of an expression that is nothing but one single-quoted string (<c>'{{ x }}'</c>), else null.</summary>
    private static string? QuotedText(string expression)
    {
        if (expression.Length < 2 || expression[0] != '\'' || expression[^1] != '\'')
        {
            return null;
        }

        var text = new StringBuilder(expression.Length);
        for (var i = 1; i < expression.Length - 1; i++)
        {
            if (expression[i] == '\'')
            {
                if (expression[i + 1] != '\'' || i + 1 == expression.Length - 1)
                {
                    return null;
                }

                i++;
            }

            text.Append(expression[i]);
        }

        return text.ToString();
    }

    /// <summary>
    /// An <c>if:</c> is an expression whether or not it is wrapped in <c>${{ }}</c>; text mixed with <c>${{ }}</c>
    /// becomes <c>format()</c> over the pieces, as GitHub rewrites it. A number, boolean or null is read as its text.
    /// </summary>
    private TemplateToken ReadCondition(LiteralToken token, AllowedContext context)
    {
        var text = token as StringToken ?? new StringToken(token.Line, token.Column, token.Display);
        var condition = text.Value.Trim();
        var options = context.ParserOptions;
        if (condition.Contains(ExpressionStart, StringComparison.Ordinal))
        {
            if (!TemplateString.TryParse(condition, options, out var written, out var templateError))
            {
                diagnostics.Add(text, templateError!.Message);
                return text;
            }

            condition = ConditionText(written!);
        }

        if (string.IsNullOrWhiteSpace(condition))
        {
            return text;
        }

        if (!Expression.TryParse(condition, options, out _, out var error)
            || !TemplateString.TryParse("${{ " + condition + " }}", options, out var template, out error))
        {
            diagnostics.Add(text, error!.Message);
            return text;
        }

        return new ExpressionToken(text.Line, text.Column, condition, template!);
    }

    private static string ConditionText(TemplateString template)
    {
        var segments = template.Segments.Where(s => !(s.Literal is { } l && l.Trim().Length == 0)).ToList();
        if (segments.Count == 1 && segments[0].Expression is { } single)
        {
            return single.Text.Trim();
        }

        var format = new StringBuilder("format('");
        var arguments = new List<string>();
        foreach (var segment in template.Segments)
        {
            if (segment.Expression is { } expression)
            {
                format.Append('{').Append(arguments.Count).Append('}');
                arguments.Add(expression.Text.Trim());
            }
            else
            {
                format.Append(segment.Literal!.Replace("'", "''", StringComparison.Ordinal).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            }
        }

        format.Append('\'');
        foreach (var argument in arguments)
        {
            format.Append(", ").Append(argument);
        }

        return format.Append(')').ToString();
    }
}
