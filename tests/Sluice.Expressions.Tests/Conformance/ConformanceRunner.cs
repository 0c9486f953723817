using System.Globalization;
using System.Text.Json;

namespace Sluice.Expressions.Tests.Conformance;

/// <summary>
/// Runs one case the way GitHub does: the context keys are the only named values allowed, so other names
/// are parse errors. Returns null when the case passes, or a description of the mismatch.
/// </summary>
public static class ConformanceRunner
{
    public static string? Run(ConformanceCase testCase)
    {
        var namedValues = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase);
        if (testCase.Contexts is { } contexts)
        {
            foreach (var property in contexts.EnumerateObject())
            {
                namedValues[property.Name] = ExpressionValue.FromJson(property.Value);
            }
        }

        var options = new ExpressionParserOptions { NamedValues = namedValues.Keys.ToArray() };
        ExpressionValue actual;
        try
        {
            var expression = Expression.Parse(testCase.Expr, options);
            actual = expression.Evaluate(new EvaluationContext { NamedValues = namedValues });
        }
        catch (ExpressionException ex)
        {
            return CheckError(testCase, ex.Error);
        }

        if (testCase.Error is { } expectedError)
        {
            return $"expected {expectedError.GetProperty("kind").GetString()} error '{expectedError.GetProperty("value").GetString()}' but got {actual.Kind} {Describe(actual)}";
        }

        var expected = testCase.Result!.Value;
        var expectedKind = expected.GetProperty("kind").GetString();
        if (!string.Equals(expectedKind, actual.Kind.ToString(), StringComparison.Ordinal))
        {
            return $"expected kind {expectedKind} but got {actual.Kind} {Describe(actual)}";
        }

        return Matches(expected.GetProperty("value"), actual)
            ? null
            : $"expected {expected.GetProperty("value").GetRawText()} but got {Describe(actual)}";
    }

    private static string? CheckError(ConformanceCase testCase, ExpressionError error)
    {
        if (testCase.Error is not { } expected)
        {
            return $"unexpected {error.Kind} error: {error.Message}";
        }

        var expectedKind = expected.GetProperty("kind").GetString() switch
        {
            "lexing" => ExpressionErrorKind.Lexing,
            "parsing" => ExpressionErrorKind.Parsing,
            "evaluation" => ExpressionErrorKind.Evaluation,
            var other => throw new InvalidDataException($"Unknown error kind '{other}' in case '{testCase.Expr}'."),
        };
        if (expectedKind != error.Kind)
        {
            return $"expected a {expectedKind} error but got {error.Kind}: {error.Message}";
        }

        // Some vectors hold only the start of the message (e.g. "Too few parameters supplied: ").
        var expectedMessage = expected.GetProperty("value").GetString()!;
        return error.Message.StartsWith(expectedMessage, StringComparison.Ordinal)
            ? null
            : $"expected message '{expectedMessage}' but got '{error.Message}'";
    }

    private static bool Matches(JsonElement expected, ExpressionValue actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                return actual.Kind == ValueKind.Null;
            case JsonValueKind.True or JsonValueKind.False:
                return actual is BooleanValue b && b.Value == expected.GetBoolean();
            case JsonValueKind.Number:
                return actual is NumberValue n && n.Value == expected.GetDouble();
            case JsonValueKind.String:
                return actual is StringValue s && string.Equals(s.Value, expected.GetString(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                if (actual is not ArrayValue array || array.Count != expected.GetArrayLength())
                {
                    return false;
                }

                var i = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    if (!Matches(item, array[i++]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                if (actual is not ObjectValue obj || obj.Count != expected.EnumerateObject().Count())
                {
                    return false;
                }

                foreach (var property in expected.EnumerateObject())
                {
                    if (!obj.TryGetValue(property.Name, out var value) || !Matches(property.Value, value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static string Describe(ExpressionValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            value.WriteJson(writer);
        }

        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return json.Length > 200 ? json[..200] + "..." : json;
    }

    public static string Summary(int passed, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"expressions conformance: {passed} passed of {total}");
}
