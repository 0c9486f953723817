using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Cli.Evaluation;

/// <summary>
/// The line protocol for editors: each input line is <c>{"expr": "...", "contexts": {...}}</c>, each output line one result,
/// flushed at once. A bad line gets an error result and the stream goes on; blank lines are skipped.
/// </summary>
internal static class ExpressionStream
{
    public static void Run(TextReader input, TextWriter output)
    {
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var outcome = TryReadRequest(line, lineNumber, out var request, out var problem)
                ? ExpressionRunner.Run(request!)
                : ExpressionOutcome.InvalidInput(problem!);
            ExpressionOutput.WriteJson(output, outcome, indented: false);
            output.Flush();
        }
    }

    private static bool TryReadRequest(string line, int lineNumber, out ExpressionRequest? request, out string? problem)
    {
        request = null;
        try
        {
            using var document = JsonDocument.Parse(line, JsonLimits.DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"line {lineNumber}: expected a JSON object like {{\"expr\": \"...\", \"contexts\": {{...}}}}, got {Describe(root.ValueKind)}";
                return false;
            }

            if (!root.TryGetProperty("expr", out var expr) || expr.ValueKind != JsonValueKind.String)
            {
                problem = $"line {lineNumber}: \"expr\" must be a string";
                return false;
            }

            var contexts = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("contexts", out var contextsElement) && contextsElement.ValueKind != JsonValueKind.Null)
            {
                if (contextsElement.ValueKind != JsonValueKind.Object)
                {
                    problem = $"line {lineNumber}: \"contexts\" must be an object mapping context names to values";
                    return false;
                }

                foreach (var context in contextsElement.EnumerateObject())
                {
                    if (!ContextNames.IsValid(context.Name))
                    {
                        problem = $"line {lineNumber}: '{context.Name}' is not a valid context name";
                        return false;
                    }

                    contexts[context.Name] = ExpressionValue.FromJson(context.Value.Clone());
                }
            }

            request = new ExpressionRequest(expr.GetString()!, contexts);
            problem = null;
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"line {lineNumber}: not valid JSON: {ex.Message}";
            return false;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
