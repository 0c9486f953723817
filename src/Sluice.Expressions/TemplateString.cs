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
        var index = 0;
        while (index < raw.Length)
        {
            var open = raw.IndexOf("${{", index, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(TemplateSegment.FromLiteral(raw[index..]));
                break;
            }

            if (open > index)
            {
                segments.Add(TemplateSegment.FromLiteral(raw[index..open]));
            }

            var close = FindClose(raw, open + 3);
            if (close < 0)
            {
                error = new ExpressionError(ExpressionErrorKind.Parsing, NotClosedMessage);
                return false;
            }

            var text = raw.AsSpan(open + 3, close - open - 3).Trim().ToString();
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
            index = close + 2;
        }

        template = new TemplateString(raw, [.. segments]);
        error = null;
        return true;
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
