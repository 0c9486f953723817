using Sluice.Expressions;

namespace Sluice.Workflows.Matrix;

internal sealed record MatrixVector(string Key, IReadOnlyList<ExpressionValue> Values);

/// <summary>A matrix split into its vectors and its include and exclude lists, checked as GitHub checks them.</summary>
internal sealed class MatrixParts
{
    private readonly HashSet<string> _vectorKeys = new(StringComparer.OrdinalIgnoreCase);

    public List<MatrixVector> Vectors { get; } = [];

    public List<ObjectValue> Includes { get; } = [];

    public List<ObjectValue> Excludes { get; } = [];

    public bool IsVectorKey(string key) => _vectorKeys.Contains(key);

    public static MatrixParts Read(ObjectValue matrix)
    {
        var parts = new MatrixParts();
        foreach (var (key, value) in matrix.Properties)
        {
            if (string.Equals(key, "include", StringComparison.OrdinalIgnoreCase))
            {
                parts.Includes.AddRange(Entries(key, value));
            }
            else if (string.Equals(key, "exclude", StringComparison.OrdinalIgnoreCase))
            {
                parts.Excludes.AddRange(Entries(key, value));
            }
            else if (value is ArrayValue { Count: > 0 } vector)
            {
                parts.Vectors.Add(new MatrixVector(key, vector.Items));
                parts._vectorKeys.Add(key);
            }
            else
            {
                throw new MatrixException(value is ArrayValue
                    ? $"Matrix vector '{key}' does not contain any values; give it at least one or remove it."
                    : $"Matrix vector '{key}' must be a list of values, not {Describe(value)}.");
            }
        }

        if (parts.Vectors.Count == 0 && parts.Includes.Count == 0)
        {
            throw new MatrixException("The matrix defines no vectors and no include; it must define at least one of them.");
        }

        foreach (var exclude in parts.Excludes)
        {
            foreach (var (key, _) in exclude.Properties.Where(p => !parts.IsVectorKey(p.Key)))
            {
                throw new MatrixException($"Matrix exclude key '{key}' does not match any key within the matrix.");
            }
        }

        return parts;
    }

    private static IEnumerable<ObjectValue> Entries(string key, ExpressionValue value)
    {
        if (value is not ArrayValue list)
        {
            throw new MatrixException($"Matrix '{key}' must be a list of mappings, not {Describe(value)}.");
        }

        foreach (var item in list.Items)
        {
            yield return item as ObjectValue
                ?? throw new MatrixException($"Each entry of matrix '{key}' must be a mapping, not {Describe(item)}.");
        }
    }

    private static string Describe(ExpressionValue value) => value switch
    {
        ObjectValue => "a mapping",
        ArrayValue => "a list",
        NullValue => "null",
        _ => $"'{value.ToDisplayString()}'",
    };
}
