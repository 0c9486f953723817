namespace Sluice.Expressions;

public sealed class EvaluationContext
{
    private static readonly IReadOnlyDictionary<string, ExpressionValue> NoNamedValues =
        new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The contexts in scope (github, env, ...). Lookups ignore case whatever the dictionary's comparer.</summary>
    public IReadOnlyDictionary<string, ExpressionValue> NamedValues { get; init; } = NoNamedValues;

    /// <summary>Drives success(), failure() and cancelled(); always() is always true.</summary>
    public JobStatus Status { get; init; } = JobStatus.Success;

    /// <summary>Computes hashFiles(patterns...); when null, calling hashFiles is an evaluation error.</summary>
    public Func<IReadOnlyList<string>, string>? HashFiles { get; init; }

    /// <summary>Longest string (in chars) that format, join, toJSON or a template may produce.</summary>
    public int MaxResultLength { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// Bytes of strings an evaluation may build in total (two bytes a char, as in .NET), like GitHub's 1 MiB memory cap.
    /// </summary>
    public int MaxMemoryBytes { get; init; } = 1024 * 1024;

    internal ExpressionValue? LookupNamedValue(string name)
    {
        var values = NamedValues;
        if (values.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var pair in values)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
