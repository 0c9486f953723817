using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>Prints an expression outcome: the bare value for people, or <c>{"kind", "value"}</c> / <c>{"error": {"kind", "message"}}</c> for tools.</summary>
internal static class ExpressionOutput
{
    /// <summary>Strings print raw, so <c>$(sluice expr ...)</c> works in shell scripts; other values print as JSON.</summary>
    public static void WriteText(CliConsole console, ExpressionOutcome outcome)
    {
        if (outcome.Value is not { } value)
        {
            console.Error.WriteLine($"error: {outcome.ErrorMessage}");
            return;
        }

        if (value.Kind == ValueKind.String)
        {
            console.Out.WriteLine(value.ToDisplayString());
        }
        else
        {
            JsonOutput.Write(console.Out, indented: true, value.WriteJson);
        }
    }

    public static void WriteJson(TextWriter output, ExpressionOutcome outcome, bool indented) =>
        JsonOutput.Write(output, indented, writer => WriteOutcome(writer, outcome));

    private static void WriteOutcome(Utf8JsonWriter writer, ExpressionOutcome outcome)
    {
        writer.WriteStartObject();
        if (outcome.Value is { } value)
        {
            writer.WriteString("kind", KindName(value.Kind));
            writer.WritePropertyName("value");
            value.WriteJson(writer);
        }
        else
        {
            writer.WriteStartObject("error");
            writer.WriteString("kind", outcome.ErrorKind);
            writer.WriteString("message", outcome.ErrorMessage);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string KindName(ValueKind kind) => kind switch
    {
        ValueKind.Null => "Null",
        ValueKind.Boolean => "Boolean",
        ValueKind.Number => "Number",
        ValueKind.String => "String",
        ValueKind.Array => "Array",
        ValueKind.Object => "Object",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown value kind"),
    };
}
