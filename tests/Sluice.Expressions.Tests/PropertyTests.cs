using System.Globalization;
using CsCheck;

namespace Sluice.Expressions.Tests;

public class PropertyTests
{
    private static readonly string[] Tokens =
    [
        "(", ")", "[", "]", ",", ".", "*", "!", "!=", "==", "<", "<=", ">", ">=", "&&", "||", "=", "&", "|",
        "null", "true", "false", "NaN", "Infinity", "-Infinity", "0x1F", "0o7", "1.5e3", "-.5", "42",
        "'str'", "'it''s'", "'", "x", "github", "env", "contains", "format", "join", "toJSON", "fromJSON",
        "case", "hashFiles", "success", "startsWith", " ", "'{0}'", "'{'", "'}}'", "@", "😊",
    ];

    private static readonly EvaluationContext Context = new()
    {
        NamedValues = new Dictionary<string, ExpressionValue>
        {
            ["x"] = ExpressionValue.ParseJson("""{"a": [1, "two", {"b": null}], "c": true}"""),
            ["github"] = ExpressionValue.ParseJson("""{"ref": "refs/heads/main"}"""),
            ["env"] = new ObjectValue(),
        },
        HashFiles = _ => "hash",
    };

    private static readonly Gen<string> TextWithoutSurrogates =
        Gen.Char.Where(c => !char.IsSurrogate(c)).Array[0, 40].Select(chars => new string(chars));

    [Fact]
    public void Random_text_parses_or_gives_an_error_and_never_throws() =>
        Gen.Char.Array[0, 60].Select(chars => new string(chars)).Sample(text => ParseAndMaybeEvaluate(text));

    [Fact]
    public void Token_soup_parses_or_gives_an_error_and_evaluation_fails_only_with_expression_errors() =>
        Gen.OneOf<string>(Tokens).Array[0, 30].Select(parts => string.Join(string.Empty, parts)).Sample(text => ParseAndMaybeEvaluate(text));

    [Fact]
    public void Token_soup_inside_templates_parses_or_gives_an_error() =>
        Gen.OneOf<string>([.. Tokens, "${{", "}}", "text"]).Array[0, 30].Select(parts => string.Join(" ", parts)).Sample(raw =>
        {
            if (TemplateString.TryParse(raw, null, out var template, out var error))
            {
                Assert.Null(error);
                EvaluateOrExpressionError(() => template!.Evaluate(Context));
            }
            else
            {
                Assert.NotNull(error);
                Assert.NotEmpty(error.Message);
            }
        });

    [Fact]
    public void Format_of_a_string_argument_gives_the_string_back() =>
        TextWithoutSurrogates.Sample(text =>
        {
            var result = Eval.Run($"format('{{0}}', '{text.Replace("'", "''", StringComparison.Ordinal)}')");

            Assert.Equal(text, Assert.IsType<StringValue>(result).Value);
        });

    [Fact]
    public void Format_of_a_number_gives_its_display_string() =>
        Gen.Double.Where(double.IsFinite).Sample(number =>
        {
            var literal = number.ToString("R", CultureInfo.InvariantCulture);
            var parsed = Assert.IsType<NumberValue>(Eval.Run(literal));

            Assert.Equal(number, parsed.Value);
            Assert.Equal(parsed.ToDisplayString(), Eval.Run($"format('{{0}}', {literal})").ToDisplayString());
        });

    [Fact]
    public void FromJson_of_toJson_gives_back_the_string() =>
        TextWithoutSurrogates.Sample(text =>
        {
            var result = Eval.Run("fromJSON(toJSON(s))", Eval.With("s", ExpressionValue.FromString(text)));

            Assert.Equal(text, Assert.IsType<StringValue>(result).Value);
        });

    [Fact]
    public void A_template_of_only_literal_text_evaluates_to_that_text() =>
        TextWithoutSurrogates.Where(text => !text.Contains("${{", StringComparison.Ordinal)).Sample(text =>
        {
            Assert.True(TemplateString.TryParse(text, null, out var template, out _));
            Assert.Equal(text, template!.Evaluate(Context).ToDisplayString());
        });

    private static void ParseAndMaybeEvaluate(string text)
    {
        if (Expression.TryParse(text, null, out var expression, out var error))
        {
            Assert.Null(error);
            EvaluateOrExpressionError(() => expression!.Evaluate(Context));
        }
        else
        {
            Assert.Null(expression);
            Assert.NotNull(error);
            Assert.True(error.Kind is ExpressionErrorKind.Lexing or ExpressionErrorKind.Parsing, error.ToString());
            Assert.NotEmpty(error.Message);
        }
    }

    private static void EvaluateOrExpressionError(Func<ExpressionValue> evaluate)
    {
        try
        {
            Assert.NotNull(evaluate());
        }
        catch (ExpressionException ex)
        {
            Assert.Equal(ExpressionErrorKind.Evaluation, ex.Error.Kind);
        }
    }
}
