using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Validation;

/// <summary>
/// Counts the jobs a literal matrix expands to, with GitHub's rules: the product of the vectors, less the
/// combinations an <c>exclude</c> matches, plus each <c>include</c> that extends no combination.
/// </summary>
internal static class MatrixCounter
{
    private const long EnumerationLimit = 1 << 16;

    /// <summary>The number of jobs; null when the matrix holds expressions and cannot be counted before it runs; <see cref="long.MaxValue"/> when far over any limit.</summary>
    public static long? Count(MappingToken matrix, int limit)
    {
        var vectors = new List<(string Key, IReadOnlyList<TemplateToken> Values)>();
        foreach (var (key, value) in matrix.Pairs)
        {
            if (key.Value is "include" or "exclude")
            {
                if (value is not (SequenceToken or NullToken))
                {
                    return null;
                }

                continue;
            }

            if (value is not SequenceToken vector || vector.Items.Any(i => i is ExpressionToken))
            {
                return null;
            }

            vectors.Add((key.Value, vector.Items));
        }

        long product = vectors.Count == 0 ? 0 : 1;
        foreach (var (_, values) in vectors)
        {
            product *= values.Count;
            if (product > EnumerationLimit)
            {
                return product > limit * 1024L ? long.MaxValue : product;
            }
        }

        var excludes = Entries(matrix.Get("exclude"));
        var includes = Entries(matrix.Get("include"));
        if (excludes is null || includes is null)
        {
            return null;
        }

        var combinations = Combinations(vectors).Where(c => !excludes.Any(e => Matches(e, c, vectors))).ToList();
        var extra = includes.Count(i => !combinations.Any(c => Matches(i, c, vectors)));
        return combinations.Count + extra;
    }

    private static List<MappingToken>? Entries(TemplateToken? token)
    {
        if (token is null or NullToken)
        {
            return [];
        }

        var entries = new List<MappingToken>();
        foreach (var item in ((SequenceToken)token).Items)
        {
            if (item is not MappingToken entry)
            {
                return null;
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static IEnumerable<TemplateToken[]> Combinations(List<(string Key, IReadOnlyList<TemplateToken> Values)> vectors)
    {
        if (vectors.Count == 0 || vectors.Any(v => v.Values.Count == 0))
        {
            yield break;
        }

        var indexes = new int[vectors.Count];
        while (true)
        {
            yield return [.. vectors.Select((v, i) => v.Values[indexes[i]])];
            var position = vectors.Count - 1;
            while (position >= 0 && ++indexes[position] == vectors[position].Values.Count)
            {
                indexes[position--] = 0;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>An entry matches a combination when each of its keys that is a matrix key has that combination's value.</summary>
    private static bool Matches(MappingToken entry, TemplateToken[] combination, List<(string Key, IReadOnlyList<TemplateToken> Values)> vectors)
    {
        foreach (var (key, value) in entry.Pairs)
        {
            var index = vectors.FindIndex(v => string.Equals(v.Key, key.Value, StringComparison.OrdinalIgnoreCase));
            if (index >= 0 && !TokenEquality.Equal(combination[index], value))
            {
                return false;
            }
        }

        return true;
    }
}
