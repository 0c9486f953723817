using Sluice.Workflows.Matrix;
using Sluice.Expressions;

namespace Sluice.Workflows.Tests.Matrix;

/// <summary>The examples of GitHub's "Running variations of jobs in a workflow", leg for leg and in order.</summary>
public class MatrixExpanderTests
{
    internal static ObjectValue Matrix(string json) => Assert.IsType<ObjectValue>(ExpressionValue.ParseJson(json));

    /// <summary>Each leg as compact JSON, so that keys, key order, values and value types are all compared.</summary>
    internal static string[] Legs(IReadOnlyList<ObjectValue> legs) => [.. legs.Select(MatrixExpander.Format)];

    [Fact]
    public void A_job_without_a_matrix_has_one_leg_with_an_empty_matrix()
    {
        var leg = Assert.Single(MatrixExpander.Expand(null));
        Assert.Equal(0, leg.Count);
    }

    [Fact]
    public void Vectors_combine_in_key_order_with_the_first_key_varying_slowest()
    {
        var legs = MatrixExpander.Expand(Matrix("""{"version":[10,12,14],"os":["ubuntu-latest","windows-latest"]}"""));
        Assert.Equal(
            [
                """{"version":10,"os":"ubuntu-latest"}""",
                """{"version":10,"os":"windows-latest"}""",
                """{"version":12,"os":"ubuntu-latest"}""",
                """{"version":12,"os":"windows-latest"}""",
                """{"version":14,"os":"ubuntu-latest"}""",
                """{"version":14,"os":"windows-latest"}""",
            ],
            Legs(legs));
    }

    [Fact]
    public void Includes_merge_into_matching_combinations_without_overwriting_original_values_and_otherwise_add_legs()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {
              "fruit": ["apple", "pear"],
              "animal": ["cat", "dog"],
              "include": [
                {"color": "green"},
                {"color": "pink", "animal": "cat"},
                {"fruit": "apple", "shape": "circle"},
                {"fruit": "banana"},
                {"fruit": "banana", "animal": "cat"}
              ]
            }
            """));
        Assert.Equal(
            [
                """{"fruit":"apple","animal":"cat","color":"pink","shape":"circle"}""",
                """{"fruit":"apple","animal":"dog","color":"green","shape":"circle"}""",
                """{"fruit":"pear","animal":"cat","color":"pink"}""",
                """{"fruit":"pear","animal":"dog","color":"green"}""",
                """{"fruit":"banana"}""",
                """{"fruit":"banana","animal":"cat"}""",
            ],
            Legs(legs));
    }

    [Fact]
    public void An_include_matching_one_combination_extends_only_that_leg()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {"os":["windows-latest","ubuntu-latest"],"node":[14,16],"include":[{"os":"windows-latest","node":16,"npm":6}]}
            """));
        Assert.Equal(
            [
                """{"os":"windows-latest","node":14}""",
                """{"os":"windows-latest","node":16,"npm":6}""",
                """{"os":"ubuntu-latest","node":14}""",
                """{"os":"ubuntu-latest","node":16}""",
            ],
            Legs(legs));
    }

    [Fact]
    public void An_include_contradicting_every_combination_is_added_as_a_new_leg()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {"os":["windows-latest","ubuntu-latest"],"node":[14,16],"include":[{"os":"windows-latest","node":17}]}
            """));
        Assert.Equal(5, legs.Count);
        Assert.Equal("""{"os":"windows-latest","node":17}""", MatrixExpander.Format(legs[^1]));
    }

    [Fact]
    public void A_matrix_of_only_includes_has_one_leg_per_include()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {"include":[{"site":"production","datacenter":"site-a"},{"site":"staging","datacenter":"site-b"}]}
            """));
        Assert.Equal(["""{"site":"production","datacenter":"site-a"}""", """{"site":"staging","datacenter":"site-b"}"""], Legs(legs));
    }

    [Fact]
    public void Excludes_remove_every_combination_they_match_even_partially()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {
              "os": ["macos-latest", "windows-latest"],
              "version": [12, 14, 16],
              "environment": ["staging", "production"],
              "exclude": [
                {"os": "macos-latest", "version": 12, "environment": "production"},
                {"os": "windows-latest", "version": 16}
              ]
            }
            """));
        Assert.Equal(
            [
                """{"os":"macos-latest","version":12,"environment":"staging"}""",
                """{"os":"macos-latest","version":14,"environment":"staging"}""",
                """{"os":"macos-latest","version":14,"environment":"production"}""",
                """{"os":"macos-latest","version":16,"environment":"staging"}""",
                """{"os":"macos-latest","version":16,"environment":"production"}""",
                """{"os":"windows-latest","version":12,"environment":"staging"}""",
                """{"os":"windows-latest","version":12,"environment":"production"}""",
                """{"os":"windows-latest","version":14,"environment":"staging"}""",
                """{"os":"windows-latest","version":14,"environment":"production"}""",
            ],
            Legs(legs));
    }

    [Fact]
    public void Includes_are_processed_after_excludes_so_they_can_add_an_excluded_combination_back()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {"os":["a","b"],"v":[1,2],"exclude":[{"os":"b","v":2}],"include":[{"os":"b","v":2,"extra":true}]}
            """));
        Assert.Equal(
            ["""{"os":"a","v":1}""", """{"os":"a","v":2}""", """{"os":"b","v":1}""", """{"os":"b","v":2,"extra":true}"""],
            Legs(legs));
    }

    [Fact]
    public void Values_compare_by_type_so_a_string_does_not_match_a_number()
    {
        var legs = MatrixExpander.Expand(Matrix("""{"v":[1,2],"exclude":[{"v":"1"}]}"""));
        Assert.Equal(2, legs.Count);
    }

    [Fact]
    public void Object_values_in_a_vector_match_an_exclude_with_the_same_object()
    {
        var legs = MatrixExpander.Expand(Matrix("""
            {"cfg":[{"os":"linux","arch":"x64"},{"os":"linux","arch":"arm64"}],"exclude":[{"cfg":{"arch":"arm64","os":"linux"}}]}
            """));
        Assert.Equal(["""{"cfg":{"os":"linux","arch":"x64"}}"""], Legs(legs));
    }

    [Fact]
    public void Exactly_256_legs_are_allowed()
    {
        var legs = MatrixExpander.Expand(Vectors(16, 16));
        Assert.Equal(256, legs.Count);
    }

    [Fact]
    public void More_than_256_legs_is_an_error_that_names_the_count()
    {
        var error = Assert.Throws<MatrixException>(() => MatrixExpander.Expand(Vectors(16, 17)));
        Assert.Contains("272", error.Message, StringComparison.Ordinal);
        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Includes_that_add_legs_count_towards_the_limit()
    {
        var matrix = Vectors(2, 2);
        var include = new ArrayValue();
        include.Add(Matrix("""{"k0":"new"}"""));
        matrix.Set("include", include);
        var error = Assert.Throws<MatrixException>(() => MatrixExpander.Expand(matrix, maxJobs: 4));
        Assert.Contains("5", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, MatrixExpander.Expand(matrix, maxJobs: 5).Count);
    }

    [Fact]
    public void A_product_far_over_the_limit_is_refused_before_it_is_built()
    {
        var error = Assert.Throws<MatrixException>(() => MatrixExpander.Expand(Vectors(4, 4, 4, 4, 4, 4, 4, 4, 4, 4)));
        Assert.Contains("1048576", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"os":[]}""", "'os' does not contain any values")]
    [InlineData("""{"os":"linux"}""", "'os' must be a list")]
    [InlineData("""{}""", "no vectors and no include")]
    [InlineData("""{"os":["a"],"exclude":[{"arch":"x64"}]}""", "exclude key 'arch'")]
    [InlineData("""{"os":["a"],"exclude":[{"os":"a"}]}""", "exclude removes every combination")]
    [InlineData("""{"os":["a"],"include":"x"}""", "'include' must be a list of mappings")]
    [InlineData("""{"os":["a"],"include":[1]}""", "must be a mapping")]
    public void Matrices_GitHub_refuses_are_errors_that_say_what_to_fix(string json, string expected)
    {
        var error = Assert.Throws<MatrixException>(() => MatrixExpander.Expand(Matrix(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_names_list_the_leg_values_in_order()
    {
        var leg = Matrix("""{"os":"ubuntu-latest","node":20,"experimental":true}""");
        Assert.Equal("build (ubuntu-latest, 20, true)", MatrixExpander.DisplayName("build", leg));
    }

    [Fact]
    public void Display_names_write_nested_values_as_compact_json()
    {
        var leg = Matrix("""{"cfg":{"os":"linux","arch":"x64"},"tags":["a","é"]}""");
        Assert.Equal("""test ({"os":"linux","arch":"x64"}, ["a","é"])""", MatrixExpander.DisplayName("test", leg));
    }

    [Fact]
    public void A_leg_without_values_keeps_the_bare_job_name() =>
        Assert.Equal("lint", MatrixExpander.DisplayName("lint", new ObjectValue()));

    [Fact]
    public void Filter_keeps_the_legs_whose_values_equal_the_wanted_text_ignoring_case()
    {
        var legs = MatrixExpander.Expand(Matrix("""{"os":["Ubuntu-Latest","windows-latest"],"node":[18,20]}"""));
        var kept = MatrixExpander.Filter(legs, [new("os", "ubuntu-latest"), new("NODE", "20")]);
        Assert.Equal(["""{"os":"Ubuntu-Latest","node":20}"""], Legs(kept));
        Assert.Equal(2, MatrixExpander.Filter(legs, [new("os", "windows-latest")]).Count);
        Assert.Empty(MatrixExpander.Filter(legs, [new("arch", "x64")]));
        Assert.Equal(4, MatrixExpander.Filter(legs, []).Count);
    }

    internal static ObjectValue Vectors(params int[] lengths)
    {
        var matrix = new ObjectValue();
        for (var k = 0; k < lengths.Length; k++)
        {
            var vector = new ArrayValue();
            for (var v = 0; v < lengths[k]; v++)
            {
                vector.Add(ExpressionValue.FromString($"v{v}"));
            }

            matrix.Set($"k{k}", vector);
        }

        return matrix;
    }
}
