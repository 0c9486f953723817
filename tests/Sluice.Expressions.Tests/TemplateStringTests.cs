namespace Sluice.Expressions.Tests;

public class TemplateStringTests
{
    private static TemplateString Parse(string raw)
    {
        Assert.True(TemplateString.TryParse(raw, null, out var template, out var error), error?.Message);
        return template!;
    }

    private static ExpressionError ParseError(string raw)
    {
        Assert.False(TemplateString.TryParse(raw, null, out var template, out var error));
        Assert.Null(template);
        Assert.Equal(ExpressionErrorKind.Parsing, error!.Kind);
        return error;
    }

    [Fact]
    public void Mixed_text_splits_into_literal_and_expression_segments()
    {
        var template = Parse("a ${{ x }} b");

        Assert.Collection(
            template.Segments,
            s => Assert.Equal("a ", s.Literal),
            s => Assert.Equal("x", s.Expression!.Text),
            s => Assert.Equal(" b", s.Literal));
        Assert.True(template.HasExpressions);
        Assert.False(template.IsSingleExpression);
    }

    [Fact]
    public void Text_without_expressions_is_one_literal_and_evaluates_to_itself()
    {
        var template = Parse("plain text } {");

        Assert.False(template.HasExpressions);
        Assert.Equal("plain text } {", Assert.IsType<StringValue>(template.Evaluate(new EvaluationContext())).Value);
    }

    [Fact]
    public void A_lone_expression_keeps_the_kind_of_its_value()
    {
        var template = Parse("${{ fromJSON('[1, 2]') }}");

        Assert.True(template.IsSingleExpression);
        var array = Assert.IsType<ArrayValue>(template.Evaluate(new EvaluationContext()));
        Assert.Equal(2, array.Count);
        Assert.IsType<NumberValue>(Parse("${{ 1 }}").Evaluate(new EvaluationContext()));
        Assert.Equal(ValueKind.Null, Parse("${{ null }}").Evaluate(new EvaluationContext()).Kind);
    }

    [Theory]
    [InlineData("n=${{ 1.0 }}", "n=1")]
    [InlineData("n=${{ 0.5 }}", "n=0.5")]
    [InlineData("v=${{ null }}.", "v=.")]
    [InlineData("b=${{ true }}", "b=true")]
    [InlineData("${{ fromJSON('[]') }}/${{ fromJSON('{}') }}", "Array/Object")]
    [InlineData("${{ 'a' }}${{ 'b' }}", "ab")]
    public void Mixed_text_uses_GitHubs_string_conversion(string raw, string expected) =>
        Assert.Equal(expected, Assert.IsType<StringValue>(Parse(raw).Evaluate(new EvaluationContext())).Value);

    [Fact]
    public void Closing_braces_inside_a_quoted_string_do_not_end_the_expression()
    {
        var template = Parse("x ${{ format('}}{0}', '${{') }} y");

        Assert.Equal("x }${{ y", Assert.IsType<StringValue>(template.Evaluate(new EvaluationContext())).Value);
    }

    [Fact]
    public void An_escaped_quote_inside_a_string_does_not_end_the_string()
    {
        var template = Parse("${{ 'it''s }}' }}");

        Assert.Equal("it's }}", Assert.IsType<StringValue>(template.Evaluate(new EvaluationContext())).Value);
    }

    [Theory]
    [InlineData("a ${{ x")]
    [InlineData("${{ '}}")]
    [InlineData("ok ${{ 1 }} then ${{")]
    public void An_unclosed_expression_is_reported_with_GitHubs_message(string raw) =>
        Assert.Equal(
            "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.",
            ParseError(raw).Message);

    [Theory]
    [InlineData("${{ }}")]
    [InlineData("a ${{}} b")]
    public void An_empty_expression_is_reported_as_expected(string raw) =>
        Assert.Equal("An expression was expected", ParseError(raw).Message);

    [Fact]
    public void Errors_inside_an_expression_carry_the_expression_parse_message() =>
        Assert.StartsWith("Unexpected symbol: '2'", ParseError("a ${{ 1 2 }}").Message);

    [Fact]
    public void Mixed_text_longer_than_the_result_cap_fails_with_an_evaluation_error()
    {
        var template = Parse("${{ x }}${{ x }}");
        var context = new EvaluationContext
        {
            NamedValues = new Dictionary<string, ExpressionValue> { ["x"] = ExpressionValue.FromString(new string('a', 600)) },
            MaxResultLength = 1000,
        };

        var ex = Assert.Throws<ExpressionException>(() => template.Evaluate(context));
        Assert.Equal(ExpressionErrorKind.Evaluation, ex.Error.Kind);
    }
}
