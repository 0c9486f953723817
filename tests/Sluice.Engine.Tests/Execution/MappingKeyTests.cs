using Sluice.Engine.Execution;
using Sluice.Expressions;
using Sluice.Workflows.Tokens;

namespace Sluice.Engine.Tests.Execution;

/// <summary>
/// Keys of workflow mappings at run time, as GitHub's template evaluator treats them: the reader keeps a key as written,
/// so <c>${{ }}</c> in a key is evaluated here and <c>${{ insert }}</c> merges a mapping into its parent.
/// </summary>
public sealed class MappingKeyTests
{
    private static readonly EvaluationContext Context = new()
    {
        NamedValues = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["vars"] = Vars(("NAME", "os"), ("EXTRA", """{"B":"2","C":"3"}"""), ("DUPLICATE", """{"a":"again"}""")),
        },
    };

    [Fact]
    public void An_expression_key_is_evaluated_to_its_name_and_literal_keys_stay_as_written()
    {
        var value = Evaluate(("${{ vars.NAME }}", Literal("linux")), ("${{ format('{0}-{1}', vars.NAME, 'arch') }}", Literal("x64")), ("plain", Literal("p")));

        Assert.Equal(["os=linux", "os-arch=x64", "plain=p"], Pairs(value));
    }

    [Fact]
    public void A_key_that_evaluates_to_a_number_or_boolean_takes_its_text_as_GitHub_converts_it()
    {
        var value = Evaluate(("${{ 3 }}", Literal("three")), ("${{ true }}", Literal("yes")));

        Assert.Equal(["3=three", "true=yes"], Pairs(value));
    }

    [Theory]
    [InlineData("${{ vars.MISSING }}", "must evaluate to a name (a string), not null")]
    [InlineData("${{ fromJSON('[1]') }}", "must evaluate to a name (a string), not a list")]
    [InlineData("${{ fromJSON('{}') }}", "must evaluate to a name (a string), not a mapping")]
    [InlineData("${{ '' }}", "evaluates to an empty name; a key must not be empty")]
    public void A_key_that_is_not_a_name_is_an_error_naming_the_key(string key, string problem)
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluate((key, Literal("v"))));

        Assert.Equal($"The key '{key}' {problem}", error.Error.Message);
    }

    [Fact]
    public void Insert_merges_the_mapping_its_value_evaluates_to_in_place()
    {
        var value = Evaluate(("A", Literal("1")), ("${{ insert }}", Expression("${{ fromJSON(vars.EXTRA) }}")), ("D", Literal("4")));

        Assert.Equal(["A=1", "B=2", "C=3", "D=4"], Pairs(value));
    }

    [Fact]
    public void Insert_also_merges_a_literal_mapping_and_works_in_nested_mappings_such_as_matrix_entries()
    {
        var entry = Mapping(("os", Literal("linux")), ("${{insert}}", Mapping(("arch", Literal("arm64")), ("${{ vars.NAME }}-kind", Literal("server")))));
        var matrix = Mapping(("include", new SequenceToken(1, 1, [entry], 0)));

        var value = Assert.IsType<ObjectValue>(TokenEvaluator.Evaluate(matrix, Context));

        var include = Assert.IsType<ArrayValue>(Assert.Single(value.Properties).Value);
        Assert.Equal(["os=linux", "arch=arm64", "os-kind=server"], Pairs(Assert.IsType<ObjectValue>(Assert.Single(include.Items))));
    }

    [Theory]
    [InlineData("${{ vars.NAME }}", "the string 'os'")]
    [InlineData("${{ fromJSON('[1, 2]') }}", "a list")]
    [InlineData("${{ vars.MISSING }}", "null")]
    public void Insert_of_anything_but_a_mapping_is_an_error_saying_what_it_got(string source, string got)
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluate(("${{ insert }}", Expression(source))));

        Assert.Equal($"The value of '${{{{ insert }}}}' must be a mapping to merge into its parent, not {got}", error.Error.Message);
    }

    [Fact]
    public void A_name_given_twice_through_insert_or_an_expression_key_is_an_error_as_on_GitHub()
    {
        var inserted = Assert.Throws<ExpressionException>(() => Evaluate(("A", Literal("1")), ("${{ insert }}", Expression("${{ fromJSON(vars.DUPLICATE) }}"))));
        var evaluated = Assert.Throws<ExpressionException>(() => Evaluate(("os", Literal("1")), ("${{ vars.NAME }}", Literal("2"))));

        Assert.Equal("'a' is already defined", inserted.Error.Message);
        Assert.Equal("'os' is already defined", evaluated.Error.Message);
    }

    [Theory]
    [InlineData("${{ insert }}")]
    [InlineData("${{insert}}")]
    [InlineData("${{ \tinsert  }}")]
    public void Insert_is_the_whole_key_with_any_white_space_inside_the_braces(string key) => Assert.True(TokenEvaluator.IsInsert(key));

    [Theory]
    [InlineData("${{ INSERT }}")]
    [InlineData("${{ insert x }}")]
    [InlineData("x ${{ insert }}")]
    [InlineData("${{ inserted }}")]
    [InlineData("insert")]
    [InlineData("${{}}")]
    public void Anything_else_is_not_the_insert_directive(string key) => Assert.False(TokenEvaluator.IsInsert(key));

    [Fact]
    public void Insert_embedded_in_a_longer_key_is_GitHubs_error_for_directives_in_strings()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluate(("prefix-${{ insert }}", Literal("v"))));

        Assert.Equal(
            "The directive 'insert' is not allowed in this context. Directives are not supported for expressions that are embedded within a string. Directives are only supported when the entire value is an expression.",
            error.Error.Message);
    }

    [Fact]
    public void Env_and_outputs_take_the_merged_values_as_text_and_keep_the_case_of_their_names()
    {
        var pairs = new List<KeyValuePair<string, TemplateToken>>
        {
            new("Path_Like", Literal("kept")),
            new("${{ insert }}", Expression("${{ fromJSON('{\"Count\": 3, \"On\": true}') }}")),
        };

        var env = TokenEvaluator.EvaluateStrings(pairs, Context);

        Assert.Equal(["Path_Like=kept", "Count=3", "On=true"], env.Select(p => $"{p.Key}={p.Value}"));
    }

    private static ObjectValue Evaluate(params (string Key, TemplateToken Value)[] pairs) =>
        TokenEvaluator.EvaluateMapping(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)), Context);

    private static List<string> Pairs(ObjectValue value) => [.. value.Properties.Select(p => $"{p.Key}={p.Value.ToDisplayString()}")];

    private static MappingToken Mapping(params (string Key, TemplateToken Value)[] pairs) =>
        new(1, 1, [.. pairs.Select(p => KeyValuePair.Create(new StringToken(1, 1, p.Key), p.Value))], 0);

    private static StringToken Literal(string text) => new(1, 1, text);

    private static ExpressionToken Expression(string source) => new(1, 1, source, TemplateString.Parse(source));

    private static ObjectValue Vars(params (string Name, string Value)[] vars)
    {
        var value = new ObjectValue();
        foreach (var (name, text) in vars)
        {
            value.Set(name, ExpressionValue.FromString(text));
        }

        return value;
    }
}
