using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Benchmarks.Compare;

/// <summary>One entry of bench/inputs/expressions.json, with its contexts already converted (conversion is not timed).</summary>
internal sealed class ExpressionCase
{
    private ExpressionCase(string text, string[] names, Dictionary<string, ExpressionValue> contexts)
    {
        Text = text;
        IsBlank = string.IsNullOrWhiteSpace(text);
        ParserOptions = new ExpressionParserOptions { NamedValues = names };
        Context = new EvaluationContext { NamedValues = contexts };
    }

    public string Text { get; }

    /// <summary>An empty expression means null: like the npm bench, it is parsed but not evaluated.</summary>
    public bool IsBlank { get; }

    public ExpressionParserOptions ParserOptions { get; }

    public EvaluationContext Context { get; }

    public static IReadOnlyList<ExpressionCase> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<ExpressionCase>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var text = item.GetProperty("expr").GetString() ?? string.Empty;
            var contexts = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase);
            var names = new List<string>();
            if (item.TryGetProperty("contexts", out var contextsElement) && contextsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in contextsElement.EnumerateObject())
                {
                    names.Add(property.Name);
                    contexts[property.Name] = ExpressionValue.FromJson(property.Value);
                }
            }

            cases.Add(new ExpressionCase(text, [.. names], contexts));
        }

        return cases;
    }
}
