using System.Text;
using System.Text.Json;

namespace Sluice.Expressions.Tests;

public class ApiTests
{
    [Fact]
    public void Named_value_lookups_ignore_case_even_with_a_case_sensitive_dictionary()
    {
        var github = new ObjectValue();
        github.Set("Ref", ExpressionValue.FromString("refs/heads/main"));
        var context = new EvaluationContext { NamedValues = new Dictionary<string, ExpressionValue>(StringComparer.Ordinal) { ["GitHub"] = github } };

        Assert.Equal("refs/heads/main", Eval.Run("github.REF", context).ToDisplayString());
    }

    [Fact]
    public void Unknown_named_values_are_parse_errors_when_names_are_restricted()
    {
        var options = new ExpressionParserOptions { NamedValues = ["github", "env"] };

        Assert.Equal(
            "Unrecognized named-value: 'secrets'. Located at position 1 within expression: secrets.foo",
            Eval.ParseError("secrets.foo", options).Message);
        Assert.True(Expression.TryParse("GITHUB.sha && env.X", options, out _, out _));
    }

    [Fact]
    public void Unknown_functions_are_parse_errors() =>
        Assert.Equal(
            "Unrecognized function: 'withJson'. Located at position 1 within expression: withJson()",
            Eval.ParseError("withJson()").Message);

    [Fact]
    public void Context_dependent_functions_can_be_switched_off()
    {
        var options = new ExpressionParserOptions { Functions = ["success"] };

        Assert.StartsWith("Unrecognized function: 'hashFiles'", Eval.ParseError("hashFiles('**/x')", options).Message);
        Assert.True(Expression.TryParse("SUCCESS() && contains('a', 'a')", options, out _, out _));
    }

    [Fact]
    public void Argument_count_errors_name_the_function()
    {
        Assert.Equal(
            "Too few parameters supplied: 'join'. Located at position 1 within expression: join()",
            Eval.ParseError("join()").Message);
        Assert.Equal(
            "Too many parameters supplied: 'toJSON'. Located at position 3 within expression: !(toJSON(1, 2))",
            Eval.ParseError("!(toJSON(1, 2))").Message);
    }

    [Fact]
    public void Unexpected_end_names_the_last_token() =>
        Assert.Equal(
            "Unexpected end of expression: ''b''. Located at position 15 within expression: contains('a', 'b'",
            Eval.ParseError("contains('a', 'b'").Message);

    [Fact]
    public void Parse_throws_an_expression_exception_of_kind_lexing_for_text_that_is_no_token()
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse("foo\""));

        Assert.Equal(ExpressionErrorKind.Lexing, ex.Error.Kind);
        Assert.Equal("Unexpected symbol: 'foo\"'. Located at position 1 within expression: foo\"", ex.Message);
    }

    [Fact]
    public void Names_and_functions_used_are_reported()
    {
        var expression = Expression.Parse("github.ref == 'x' && HASHFILES('a') != '' || success() || Env.X");

        Assert.Equal(["env", "github"], expression.NamedValuesUsed.Select(n => n.ToLowerInvariant()).Order());
        Assert.Contains("hashFiles", expression.FunctionsUsed);
        Assert.Contains("SUCCESS", expression.FunctionsUsed);
        Assert.Equal(2, expression.FunctionsUsed.Count);
    }

    [Theory]
    [InlineData(JobStatus.Success, true, false, false)]
    [InlineData(JobStatus.Failure, false, true, false)]
    [InlineData(JobStatus.Cancelled, false, false, true)]
    public void Status_functions_follow_the_job_status(JobStatus status, bool success, bool failure, bool cancelled)
    {
        var context = new EvaluationContext { Status = status };

        Assert.Equal(success, Eval.Run("success()", context).IsTruthy);
        Assert.Equal(failure, Eval.Run("failure()", context).IsTruthy);
        Assert.Equal(cancelled, Eval.Run("cancelled()", context).IsTruthy);
        Assert.True(Eval.Run("always()", context).IsTruthy);
    }

    [Fact]
    public void HashFiles_calls_the_callers_callback_with_the_patterns()
    {
        IReadOnlyList<string>? seen = null;
        var context = new EvaluationContext
        {
            HashFiles = patterns =>
            {
                seen = patterns;
                return "abc123";
            },
        };

        Assert.Equal("abc123", Eval.Run("hashFiles('**/*.csproj', 'global.json')", context).ToDisplayString());
        Assert.Equal(["**/*.csproj", "global.json"], seen);
    }

    [Fact]
    public void HashFiles_without_a_callback_is_an_evaluation_error() =>
        Assert.Contains("hashFiles", Eval.EvaluationError("hashFiles('x')").Message);

    [Fact]
    public void Objects_keep_insertion_order_and_ignore_key_case()
    {
        var obj = new ObjectValue();
        obj.Set("b", ExpressionValue.FromNumber(1));
        obj.Set("A", ExpressionValue.FromNumber(2));
        obj.Set("B", ExpressionValue.FromNumber(3));

        Assert.Equal(["b", "A"], obj.Properties.Select(p => p.Key));
        Assert.True(obj.TryGetValue("a", out var a));
        Assert.Equal(2d, ((NumberValue)a).Value);
        Assert.Equal(3d, ((NumberValue)obj.Properties.First().Value).Value);
    }

    [Fact]
    public void WriteJson_writes_plain_json_with_integral_numbers_without_fraction()
    {
        var value = ExpressionValue.ParseJson("""{"a": [1.0, 2.5, true, null, "x"], "b": {}}""");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            value.WriteJson(writer);
        }

        Assert.Equal("""{"a":[1,2.5,true,null,"x"],"b":{}}""", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void ParseJson_of_bad_json_throws_an_evaluation_error()
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionValue.ParseJson("[1,"));

        Assert.Equal(ExpressionErrorKind.Evaluation, ex.Error.Kind);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-0.0, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e20, "1E+20")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Numbers_display_as_GitHub_displays_them(double number, string expected) =>
        Assert.Equal(expected, ExpressionValue.FromNumber(number).ToDisplayString());

    [Fact]
    public void Display_strings_of_other_kinds_follow_GitHub()
    {
        Assert.Equal(string.Empty, ExpressionValue.Null.ToDisplayString());
        Assert.Equal("true", ExpressionValue.True.ToDisplayString());
        Assert.Equal("Array", new ArrayValue().ToDisplayString());
        Assert.Equal("Object", new ObjectValue().ToDisplayString());
    }

    [Fact]
    public void Filtered_arrays_apply_further_accesses_to_each_element()
    {
        var value = ExpressionValue.ParseJson("""[{"n": {"x": 1}}, {"m": 2}, {"n": {"x": 3}}]""");

        var result = Assert.IsType<ArrayValue>(Eval.Run("items.*.n.x", Eval.With("items", value)));

        Assert.Equal([1d, 3d], result.Items.Select(v => ((NumberValue)v).Value));
    }

    [Fact]
    public void One_parsed_expression_evaluates_many_times_against_different_contexts()
    {
        var expression = Expression.Parse("format('{0}-{1}', x, x == 2)");

        Assert.Equal("1-false", expression.Evaluate(Eval.With("x", ExpressionValue.FromNumber(1))).ToDisplayString());
        Assert.Equal("2-true", expression.Evaluate(Eval.With("x", ExpressionValue.FromNumber(2))).ToDisplayString());
    }
}
