using Sluice.Workflows.Matrix;
using Sluice.Workflows.Tokens;

namespace Sluice.Workflows.Tests.Matrix;

/// <summary>Which matrices are known when the file is read: only those with no <c>${{ }}</c> in any value or key.</summary>
public sealed class LiteralMatrixTests
{
    [Fact]
    public void A_matrix_of_plain_keys_and_values_is_literal()
    {
        var matrix = LiteralMatrix.From(Mapping(("os", Sequence("linux", "mac"))));

        Assert.NotNull(matrix);
        Assert.True(matrix.TryGetValue("os", out _));
    }

    [Theory]
    [InlineData("${{ vars.AXIS }}")]
    [InlineData("${{ insert }}")]
    [InlineData("prefix-${{ vars.AXIS }}")]
    public void A_key_with_an_expression_makes_the_matrix_one_the_run_expands(string key) =>
        Assert.Null(LiteralMatrix.From(Mapping((key, Sequence("a", "b")), ("exclude", new SequenceToken(1, 1, [Mapping(("os", new StringToken(1, 1, "a")))], 0)))));

    [Fact]
    public void An_expression_key_inside_an_include_entry_also_defers_the_matrix() =>
        Assert.Null(LiteralMatrix.From(Mapping(("include", new SequenceToken(1, 1, [Mapping(("${{ insert }}", Mapping(("arch", new StringToken(1, 1, "arm64")))))], 0)))));

    private static MappingToken Mapping(params (string Key, TemplateToken Value)[] pairs) =>
        new(1, 1, [.. pairs.Select(p => KeyValuePair.Create(new StringToken(1, 1, p.Key), p.Value))], 0);

    private static SequenceToken Sequence(params string[] items) => new(1, 1, [.. items.Select(i => (TemplateToken)new StringToken(1, 1, i))], 0);
}
