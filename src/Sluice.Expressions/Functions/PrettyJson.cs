using System.Text;

namespace Sluice.Expressions;

/// <summary>toJSON output as GitHub prints it: two-space indent, "key": value, [] and {} when empty.</summary>
internal static class PrettyJson
{
    private const int MaxDepth = 256;

    public static string Write(ExpressionValue value, EvaluationState state)
    {
        var builder = new StringBuilder();
        Write(builder, value, 0, state.MaxStringLength);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, ExpressionValue value, int depth, int limit)
    {
        if (depth > MaxDepth)
        {
            throw ExpressionException.Evaluation(
                $"toJSON: the value is nested deeper than {MaxDepth} levels, or contains itself.");
        }

        switch (value)
        {
            case NullValue:
                builder.Append("null");
                break;
            case BooleanValue b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case NumberValue n:
                if (double.IsNaN(n.Value) || double.IsInfinity(n.Value))
                {
                    builder.Append('"').Append(NumberFormatting.ToJsonString(n.Value)).Append('"');
                }
                else
                {
                    builder.Append(NumberFormatting.ToJsonString(n.Value));
                }

                break;
            case StringValue s:
                WriteString(builder, s.Value);
                break;
            case ArrayValue a:
                if (a.Count == 0)
                {
                    builder.Append("[]");
                    break;
                }

                builder.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n");
                    Indent(builder, depth + 1);
                    Write(builder, a[i], depth + 1, limit);
                    CheckLimit(builder, limit);
                }

                builder.Append('\n');
                Indent(builder, depth);
                builder.Append(']');
                break;
            case ObjectValue o:
                if (o.Count == 0)
                {
                    builder.Append("{}");
                    break;
                }

                builder.Append('{');
                var first = true;
                foreach (var property in o.PropertyList)
                {
                    builder.Append(first ? "\n" : ",\n");
                    first = false;
                    Indent(builder, depth + 1);
                    WriteString(builder, property.Key);
                    builder.Append(": ");
                    Write(builder, property.Value, depth + 1, limit);
                    CheckLimit(builder, limit);
                }

                builder.Append('\n');
                Indent(builder, depth);
                builder.Append('}');
                break;
        }

        CheckLimit(builder, limit);
    }

    private static void CheckLimit(StringBuilder builder, int limit)
    {
        if (builder.Length > limit)
        {
            throw ExpressionException.Evaluation(EvaluationState.MemoryExceededMessage);
        }
    }

    private static void Indent(StringBuilder builder, int depth) => builder.Append(' ', depth * 2);

    // Escapes quotes, backslashes and control characters; other characters, non-ASCII included, stay as they are.
    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when c < ' ' || c == '\u0085' || c == '\u2028' || c == '\u2029' => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }

            builder.Append(text, start, i - start).Append(escape);
            start = i + 1;
        }

        builder.Append(text, start, text.Length - start).Append('"');
    }
}
