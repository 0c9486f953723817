using Sluice.Expressions;

namespace Sluice.Workflows.Matrix;

/// <summary>
/// Expands an evaluated <c>strategy.matrix</c> into its legs with GitHub's rules: the cartesian product of the vectors in
/// key order, minus every combination an <c>exclude</c> entry matches, plus <c>include</c> entries merged in or appended.
/// </summary>
public static partial class MatrixExpander
{
    public const int DefaultMaxJobs = 256;

    // Above this many combinations before exclude the product is refused outright rather than built.
    private const int MaxCombinations = 65_536;

    /// <param name="matrix">The evaluated matrix, or null for a job without one (one leg, with an empty matrix context).</param>
    /// <param name="maxJobs">The most legs allowed; GitHub allows 256 per matrix.</param>
    public static IReadOnlyList<ObjectValue> Expand(ObjectValue? matrix, int maxJobs = DefaultMaxJobs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxJobs, 1);
        if (matrix is null)
        {
            return [new ObjectValue()];
        }

        var parts = MatrixParts.Read(matrix);
        var product = parts.Vectors.Aggregate(1L, (count, vector) => SaturatingMultiply(count, vector.Values.Count));
        if (product > Math.Max(MaxCombinations, maxJobs))
        {
            throw new MatrixException(
                $"The matrix has {product} combinations before exclude; a matrix may produce at most {maxJobs} jobs.");
        }

        var legs = parts.Vectors.Count == 0 ? [] : Product(parts.Vectors).Where(c => !IsExcluded(c, parts.Excludes)).ToList();
        legs.AddRange(ApplyIncludes(legs, parts));

        if (legs.Count == 0)
        {
            throw new MatrixException("The matrix produces no jobs: exclude removes every combination and there is no include to add one.");
        }

        if (legs.Count > maxJobs)
        {
            throw new MatrixException($"The matrix produces {legs.Count} jobs; a matrix may produce at most {maxJobs}.");
        }

        return legs;
    }

    private static IEnumerable<ObjectValue> Product(IReadOnlyList<MatrixVector> vectors)
    {
        var indexes = new int[vectors.Count];
        while (true)
        {
            var leg = new ObjectValue();
            for (var i = 0; i < vectors.Count; i++)
            {
                leg.Set(vectors[i].Key, vectors[i].Values[indexes[i]]);
            }

            yield return leg;

            // An odometer whose last wheel turns fastest, so the first key varies slowest, as GitHub orders jobs.
            var wheel = vectors.Count - 1;
            while (wheel >= 0 && ++indexes[wheel] == vectors[wheel].Values.Count)
            {
                indexes[wheel] = 0;
                wheel--;
            }

            if (wheel < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>An exclude entry removes a combination when all of its keys match, even when it names only some of the vectors.</summary>
    private static bool IsExcluded(ObjectValue combination, IReadOnlyList<ObjectValue> excludes) =>
        excludes.Any(exclude => exclude.Properties.All(p => combination.TryGetValue(p.Key, out var value) && ValueEquality.AreEqual(value, p.Value)));

    /// <summary>
    /// Merges each include into every original combination whose original values it does not contradict; its other keys are
    /// added, overwriting what an earlier include added but never an original value. An include that fits no original
    /// combination becomes a new leg. Returns the new legs.
    /// </summary>
    private static List<ObjectValue> ApplyIncludes(List<ObjectValue> originals, MatrixParts parts)
    {
        var added = new List<ObjectValue>();
        foreach (var include in parts.Includes)
        {
            var merged = false;
            foreach (var leg in originals)
            {
                if (include.Properties.Where(p => parts.IsVectorKey(p.Key)).All(p => ValueEquality.AreEqual(Get(leg, p.Key), p.Value)))
                {
                    foreach (var property in include.Properties.Where(p => !parts.IsVectorKey(p.Key)))
                    {
                        leg.Set(property.Key, property.Value);
                    }

                    merged = true;
                }
            }

            if (!merged)
            {
                var leg = new ObjectValue();
                foreach (var property in include.Properties)
                {
                    leg.Set(property.Key, property.Value);
                }

                added.Add(leg);
            }
        }

        return added;
    }

    private static long SaturatingMultiply(long count, int factor) => count > long.MaxValue / factor ? long.MaxValue : count * factor;

    private static ExpressionValue Get(ObjectValue leg, string key) => leg.TryGetValue(key, out var value) ? value : ExpressionValue.Null;
}
