namespace Sluice.Expressions.Tests;

public class HostileInputTests
{
    [Theory]
    [InlineData('(')]
    [InlineData('!')]
    [InlineData('[')]
    public void Ten_thousand_nesting_characters_give_a_depth_error_not_a_crash(char c)
    {
        var error = Eval.ParseError("x" + new string(c, 10_000) + "1");

        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void Ten_thousand_opening_parentheses_give_the_max_depth_error() =>
        Assert.Equal("Exceeded max expression depth 50", Eval.ParseError(new string('(', 10_000) + "1").Message);

    [Fact]
    public void Ten_thousand_nots_give_the_max_depth_error() =>
        Assert.Equal("Exceeded max expression depth 50", Eval.ParseError(new string('!', 10_000) + "true").Message);

    [Fact]
    public void Deeply_nested_function_calls_give_the_max_depth_error()
    {
        var text = string.Concat(Enumerable.Repeat("format(", 2000)) + "'x'" + new string(')', 2000);

        Assert.Equal("Exceeded max expression depth 50", Eval.ParseError(text).Message);
    }

    [Fact]
    public void A_long_chain_of_or_is_flat_and_therefore_allowed()
    {
        var text = string.Join(" || ", Enumerable.Repeat("false", 2000)) + " || 7";

        Assert.Equal(7d, Assert.IsType<NumberValue>(Eval.Run(text)).Value);
    }

    [Fact]
    public void An_expression_longer_than_the_maximum_is_rejected()
    {
        var error = Eval.ParseError("'" + new string('a', 21_000) + "'");

        Assert.Equal("Exceeded max expression length 21000", error.Message);
    }

    [Fact]
    public void Limits_come_from_the_options()
    {
        var options = new ExpressionParserOptions { MaxDepth = 3, MaxLength = 10 };

        Assert.Equal("Exceeded max expression depth 3", Eval.ParseError("!!!true", options).Message);
        Assert.Equal("Exceeded max expression length 10", Eval.ParseError("'abcdefghij'", options).Message);
        Assert.True(Expression.TryParse("!!true", options, out _, out _));
    }

    [Fact]
    public void A_string_just_under_the_length_limit_parses_and_evaluates()
    {
        var value = Eval.Run("'" + new string('a', 20_998) + "'");

        Assert.Equal(20_998, Assert.IsType<StringValue>(value).Value.Length);
    }

    [Theory]
    [InlineData("format('{99999999999999999999}', 1)")]
    [InlineData("format('{2147483647}', 1)")]
    [InlineData("format('{1}', 1)")]
    public void Format_with_a_huge_index_reports_missing_arguments(string expression) =>
        Assert.StartsWith(
            "The following format string references more arguments than were supplied",
            Eval.EvaluationError(expression).Message);

    [Fact]
    public void Format_that_would_explode_in_size_hits_the_memory_cap()
    {
        var braces = string.Concat(Enumerable.Repeat("{0}", 2000));
        var text = $"format('{braces}', format('{braces}', format('{braces}', 'abcdefgh')))";

        Assert.Equal("The maximum allowed memory size was exceeded", Eval.EvaluationError(text).Message);
    }

    [Fact]
    public void Join_of_a_huge_array_hits_the_result_cap()
    {
        var array = new ArrayValue();
        for (var i = 0; i < 1000; i++)
        {
            array.Add(ExpressionValue.FromString(new string('x', 1000)));
        }

        var context = new EvaluationContext
        {
            NamedValues = new Dictionary<string, ExpressionValue> { ["items"] = array },
            MaxResultLength = 100_000,
        };

        Assert.Equal("The maximum allowed memory size was exceeded", Eval.EvaluationError("join(items)", context).Message);
    }

    [Fact]
    public void ToJson_of_an_object_that_contains_itself_fails_cleanly()
    {
        var obj = new ObjectValue();
        obj.Set("self", obj);

        var error = Eval.EvaluationError("toJSON(o)", Eval.With("o", obj));

        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void ToJson_of_a_very_deep_value_fails_cleanly()
    {
        var root = new ArrayValue();
        var current = root;
        for (var i = 0; i < 100_000; i++)
        {
            var next = new ArrayValue();
            current.Add(next);
            current = next;
        }

        Assert.NotEmpty(Eval.EvaluationError("toJSON(deep)", Eval.With("deep", root)).Message);
    }

    [Fact]
    public void FromJson_of_deeply_nested_json_is_an_evaluation_error()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        Assert.StartsWith("Error parsing fromJson", Eval.EvaluationError("fromJSON(j)", Eval.With("j", ExpressionValue.FromString(json))).Message);
    }

    [Fact]
    public void FromJson_of_invalid_json_is_an_evaluation_error() =>
        Assert.StartsWith("Error parsing fromJson", Eval.EvaluationError("fromJSON('{not json')").Message);

    [Fact]
    public void An_unterminated_string_is_an_unexpected_symbol_found_by_the_lexer()
    {
        var error = Eval.ParseError("'abc");

        Assert.Equal(ExpressionErrorKind.Lexing, error.Kind);
        Assert.Equal("Unexpected symbol: ''abc'. Located at position 1 within expression: 'abc", error.Message);
    }
}
