using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Execution;

public static partial class TokenEvaluator
{
    private const string EmbeddedDirective =
        "The directive 'insert' is not allowed in this context. Directives are not supported for expressions that are embedded within a string. Directives are only supported when the entire value is an expression.";

    /// <summary>
    /// A mapping of the workflow (env, with, outputs, a matrix and its include and exclude entries, a container...) as a
    /// value. The reader keeps keys as written, so they are resolved here, as GitHub's template evaluator resolves them:
    /// a key that holds <c>${{ }}</c> is evaluated to its name, and a <c>${{ insert }}</c> key merges the mapping its value
    /// evaluates to into this one, in place. A name given twice (ignoring case) is an error, as on GitHub.
    /// </summary>
    public static ObjectValue EvaluateMapping(IEnumerable<KeyValuePair<string, TemplateToken>> pairs, EvaluationContext context)
    {
        var result = new ObjectValue();
        foreach (var (key, value) in pairs)
        {
            foreach (var (name, item) in EvaluatePair(key, value, context))
            {
                if (result.TryGetValue(name, out _))
                {
                    throw Error($"'{name}' is already defined");
                }

                result.Set(name, item);
            }
        }

        return result;
    }

    /// <summary><see cref="EvaluateMapping"/> with each value as text, as env and outputs take them; names keep their case.</summary>
    public static Dictionary<string, string> EvaluateStrings(IEnumerable<KeyValuePair<string, TemplateToken>> pairs, EvaluationContext context)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in EvaluateMapping(pairs, context).Properties)
        {
            result[name] = value.ToDisplayString();
        }

        return result;
    }

    /// <summary>
    /// One pair of a mapping as it takes part in its parent: a literal key with its value, an expression key with the
    /// name it evaluates to, or <c>${{ insert }}</c> with every pair of the mapping its value evaluates to.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, ExpressionValue>> EvaluatePair(string key, TemplateToken? value, EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsInsert(key))
        {
            var evaluated = Evaluate(value, context);
            return evaluated is ObjectValue inserted
                ? [.. inserted.Properties]
                : throw Error($"The value of '{key}' must be a mapping to merge into its parent, not {Describe(evaluated)}");
        }

        return [KeyValuePair.Create(EvaluateKey(key, context), Evaluate(value, context))];
    }

    /// <summary>
    /// GitHub's <c>insert</c> directive as a key: the whole key is <c>${{ insert }}</c>, with any white space inside the
    /// braces; the word is matched exactly, as GitHub's reader matches it.
    /// </summary>
    public static bool IsInsert(string key) =>
        key.StartsWith("${{", StringComparison.Ordinal) && key.EndsWith("}}", StringComparison.Ordinal) && key.Length >= 5
        && key.AsSpan(3, key.Length - 5).Trim().SequenceEqual("insert");

    /// <summary>
    /// A key as a name: as written, or when it holds <c>${{ }}</c>, evaluated. GitHub turns a number or boolean into its
    /// text; anything else, and an empty name, is an error.
    /// </summary>
    private static string EvaluateKey(string key, EvaluationContext context)
    {
        if (!key.Contains("${{", StringComparison.Ordinal))
        {
            return key;
        }

        var template = TemplateString.Parse(key);
        if (template.Segments.Any(s => s.Expression is { } e && e.Text.Trim() == "insert"))
        {
            throw Error(EmbeddedDirective);
        }

        var name = template.Evaluate(context) switch
        {
            StringValue s => s.Value,
            var primitive when primitive is NumberValue or BooleanValue => primitive.ToDisplayString(),
            var other => throw Error($"The key '{key}' must evaluate to a name (a string), not {Describe(other)}"),
        };
        return name.Length > 0 ? name : throw Error($"The key '{key}' evaluates to an empty name; a key must not be empty");
    }

    private static string Describe(ExpressionValue value) => value switch
    {
        ObjectValue => "a mapping",
        ArrayValue => "a list",
        NullValue => "null",
        StringValue s => $"the string '{s.Value}'",
        _ => $"'{value.ToDisplayString()}'",
    };

    private static ExpressionException Error(string message) => new(new ExpressionError(ExpressionErrorKind.Evaluation, message));
}
