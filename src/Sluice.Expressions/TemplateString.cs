using System.Text;

namespace Sluice.Expressions;

/// <summary>
/// A string that mixes literal text with <c>${{ expression }}</c> parts. A lone expression keeps its value's kind;
/// mixed text concatenates the parts' string forms.
/// </summary>
public sealed class TemplateString
{
    internal const string NotClosedMessage =
        "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.";

    internal const string ExpressionExpectedMessage = "An expression was expected";

    private TemplateString(string raw, TemplateSegment[] segments)
    {
        Raw = raw;
        Segments = segments;
        foreach (var segment in segments)
        {
            HasExpressions |= segment.IsExpression;
        }

        IsSingleExpression = segments.Length == 1 && segments[0].IsExpression;
    }

    public string Raw { get; }

    public IReadOnlyList<TemplateSegment> Segments { get; }

    public bool HasExpressions { get; }

    public bool IsSingleExpression { get; }

    public static bool TryParse(string raw, ExpressionParserOptions? options, out TemplateString? template, out ExpressionError? error)
    {
        ArgumentNullException.ThrowIfNull(raw);
        template = null;
        var segments = new List<TemplateSegment>();
        foreach (var part in Split(raw))
        {
            if (!part.IsExpression)
            {
                segments.Add(TemplateSegment.FromLiteral(raw.Substring(part.Start, part.Length)));
                continue;
            }

            if (!part.IsClosed)
            {
                error = new ExpressionError(ExpressionErrorKind.Parsing, NotClosedMessage);
                return false;
            }

            var text = raw.AsSpan(part.Start, part.Length).Trim().ToString();
            if (text.Length == 0)
            {
                error = new ExpressionError(ExpressionErrorKind.Parsing, ExpressionExpectedMessage);
                return false;
            }

            if (!Expression.TryParse(text, options, out var expression, out error))
            {
                return false;
            }

            segments.Add(TemplateSegment.FromExpression(expression!));
        }

        template = new TemplateString(raw, [.. segments]);
        error = null;
        return true;
    }

    /// <summary>
    /// Cuts text into literal parts and the text between each <c>${{</c> and its <c>}}</c> (untrimmed). A <c>${{</c>
    /// with no <c>}}</c> after it ends the list with a part that is not closed.
    /// </summary>
    public static IReadOnlyList<TemplatePart> Split(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var parts = new List<TemplatePart>();
        var index = 0;
        while (index < raw.Length)
        {
            var open = raw.IndexOf("${{", index, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new TemplatePart(IsExpression: false, index, raw.Length - index, IsClosed: true));
                break;
            }

            if (open > index)
            {
                parts.Add(new TemplatePart(IsExpression: false, index, open - index, IsClosed: true));
            }

            var close = FindClose(raw, open + 3);
            if (close < 0)
            {
                parts.Add(new TemplatePart(IsExpression: true, open + 3, raw.Length - open - 3, IsClosed: false));
                break;
            }

            parts.Add(new TemplatePart(IsExpression: true, open + 3, close - open - 3, IsClosed: true));
            index = close + 2;
        }

        return parts;
    }

    /// <summary>A template of segments already parsed (by a reader that checks each part itself).</summary>
    public static TemplateString FromSegments(string raw, IEnumerable<TemplateSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(segments);
        return new TemplateString(raw, [.. segments]);
    }

    /// <summary>Parses or throws <see cref="ExpressionException"/> of kind Parsing.</summary>
    public static TemplateString Parse(string raw, ExpressionParserOptions? options = null) =>
        TryParse(raw, options, out var template, out var error) ? template! : throw new ExpressionException(error!);

    /// <summary>Evaluates; throws <see cref="ExpressionException"/> of kind Evaluation when an expression fails.</summary>
    public ExpressionValue Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var segments = (TemplateSegment[])Segments;
        if (IsSingleExpression)
        {
            return segments[0].Expression!.Evaluate(context);
        }

        if (!HasExpressions)
        {
            return ExpressionValue.FromString(Raw);
        }

        var state = new EvaluationState(context);
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append(segment.Expression is null ? segment.Literal : segment.Expression.Evaluate(state).ToDisplayString());
            state.CheckLength(builder.Length);
        }

        return state.Charge(builder.ToString());
    }

    public override string ToString() => Raw;

    // The first '}}' outside a single-quoted string literal ('' is an escaped quote inside one).
    private static int FindClose(string raw, int start)
    {
        var inString = false;
        for (var i = start; i < raw.Length; i++)
        {
            var c = raw[i];
            if (inString)
            {
                if (c == '\'')
                {
                    if (i + 1 < raw.Length && raw[i + 1] == '\'')
                    {
                        i++;
                    }
                    else
                    {
                        inString = false;
                    }
                }
            }
            else if (c == '\'')
            {
                inString = true;
            }
            else if (c == '}' && i + 1 < raw.Length && raw[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }
}
