using CsCheck;
using Sluice.Workflows.Matrix;
using Sluice.Expressions;

namespace Sluice.Workflows.Tests.Matrix;

public class MatrixExpanderPropertyTests
{
    // Vector lengths; small values so that duplicates (which GitHub keeps as separate legs) occur often.
    private static readonly Gen<int[]> Lengths = Gen.Int[1, 4].Array[1, 4];

    [Fact]
    public void Without_include_or_exclude_the_legs_are_the_full_product_and_carry_every_vector_key() =>
        Gen.Select(Lengths, Gen.Int[0, 2]).Sample((lengths, valueRange) =>
        {
            var matrix = Build(lengths, valueRange);
            var legs = MatrixExpander.Expand(matrix);
            Assert.Equal(lengths.Aggregate(1, (product, length) => product * length), legs.Count);
            foreach (var leg in legs)
            {
                Assert.Equal(VectorKeys(lengths), leg.Properties.Select(p => p.Key));
            }
        });

    [Fact]
    public void Excludes_and_merging_includes_never_drop_a_vector_key_and_no_leg_matches_an_exclude() =>
        Gen.Select(Lengths, Gen.Int[0, 2], Gen.Int[0, 3], Gen.Int[0, 2]).Sample((lengths, valueRange, excludes, includes) =>
        {
            var matrix = Build(lengths, valueRange);
            var excludeList = new ArrayValue();
            for (var e = 0; e < excludes; e++)
            {
                // Exclude on the first vector with one of its own values, so it really matches something.
                excludeList.Add(Entry(("k0", ExpressionValue.FromNumber(e % (valueRange + 1)))));
            }

            var includeList = new ArrayValue();
            for (var i = 0; i < includes; i++)
            {
                includeList.Add(Entry(($"extra{i}", ExpressionValue.FromString("x"))));
            }

            matrix.Set("exclude", excludeList);
            matrix.Set("include", includeList);
            var anySurvivor = Enumerable.Range(0, lengths[0]).Any(v => v % (valueRange + 1) >= excludes);
            if (!anySurvivor)
            {
                // Nothing left to merge into: each include becomes a leg of its own, and without includes there is no leg.
                if (includes == 0)
                {
                    Assert.Throws<MatrixException>(() => MatrixExpander.Expand(matrix));
                }
                else
                {
                    Assert.Equal(includes, MatrixExpander.Expand(matrix).Count);
                }

                return;
            }

            var legs = MatrixExpander.Expand(matrix);
            Assert.InRange(legs.Count, 1, lengths.Aggregate(1, (product, length) => product * length));
            foreach (var leg in legs)
            {
                Assert.Equal([.. VectorKeys(lengths), .. Enumerable.Range(0, includes).Select(i => $"extra{i}")], leg.Properties.Select(p => p.Key));
                Assert.True(leg.TryGetValue("k0", out var first));
                Assert.True(first is NumberValue n && n.Value >= excludes, $"leg {MatrixExpander.Format(leg)} should have been excluded");
            }
        });

    private static string[] VectorKeys(int[] lengths) => [.. Enumerable.Range(0, lengths.Length).Select(k => $"k{k}")];

    /// <summary>Vector k holds <c>lengths[k]</c> numbers cycling through 0..valueRange (so values repeat).</summary>
    private static ObjectValue Build(int[] lengths, int valueRange)
    {
        var matrix = new ObjectValue();
        for (var k = 0; k < lengths.Length; k++)
        {
            var vector = new ArrayValue();
            for (var v = 0; v < lengths[k]; v++)
            {
                vector.Add(ExpressionValue.FromNumber(v % (valueRange + 1)));
            }

            matrix.Set($"k{k}", vector);
        }

        return matrix;
    }

    private static ObjectValue Entry(params (string Key, ExpressionValue Value)[] pairs)
    {
        var entry = new ObjectValue();
        foreach (var (key, value) in pairs)
        {
            entry.Set(key, value);
        }

        return entry;
    }
}
