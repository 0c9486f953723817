using System.Text;
using Sluice.Expressions;

namespace Sluice.Benchmarks.Compare;

/// <summary>
/// The work of bench/npm/expression-bench.mjs. parse_and_eval: a pass parses and evaluates every case;
/// eval: a pass evaluates every case on expressions parsed before timing. Each mode has its own warm-up.
/// </summary>
internal static class ExpressionComparison
{
    public static string Run(string path, PassTimer timer, TextWriter? check)
    {
        var cases = ExpressionCase.Load(path);
        var parsed = Prepare(cases, check, out var parseFailures, out var evaluationFailures);

        long sink = 0;
        var parseAndEval = timer.Measure(() =>
        {
            foreach (var c in cases)
            {
                sink += (int)ParseAndEvaluate(c).Kind;
            }
        });
        var evalOnly = timer.Measure(() =>
        {
            for (var i = 0; i < parsed.Length; i++)
            {
                sink += (int)Evaluate(parsed[i], cases[i]).Kind;
            }
        });
        GC.KeepAlive(sink);

        var n = cases.Count;
        using var line = new JsonLine();
        return line
            .Add("impl", "sluice")
            .Add("version", Versions.Of<Expression>())
            .Add("runtime", Versions.Runtime)
            .Add("cases", n)
            .Add("expr_bytes", cases.Sum(c => (long)Encoding.UTF8.GetByteCount(c.Text)))
            .Add("parse_failures", parseFailures)
            .Add("evaluation_failures", evaluationFailures)
            .Add("evaluations_per_second", n * evalOnly.Iterations / evalOnly.Seconds, 0)
            .Add("parse_and_eval_per_second", n * parseAndEval.Iterations / parseAndEval.Seconds, 0)
            .Begin("eval")
            .Add("iterations", evalOnly.Iterations)
            .Add("seconds", evalOnly.Seconds)
            .Add("median_ms_per_pass", evalOnly.MedianMs, 4)
            .Add("min_ms_per_pass", evalOnly.MinMs, 4)
            .End()
            .Begin("parse_and_eval")
            .Add("iterations", parseAndEval.Iterations)
            .Add("seconds", parseAndEval.Seconds)
            .Add("median_ms_per_pass", parseAndEval.MedianMs, 4)
            .Add("min_ms_per_pass", parseAndEval.MinMs, 4)
            .End()
            .Complete();
    }

    /// <summary>Parses every case once, untimed; cases Sluice rejects are counted (the npm inputs are all accepted by the TS evaluator).</summary>
    private static Expression?[] Prepare(IReadOnlyList<ExpressionCase> cases, TextWriter? check, out int parseFailures, out int evaluationFailures)
    {
        parseFailures = 0;
        evaluationFailures = 0;
        var parsed = new Expression?[cases.Count];
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            if (!Expression.TryParse(c.Text, c.ParserOptions, out parsed[i], out var error))
            {
                parseFailures++;
                check?.WriteLine($"parse failed: {c.Text}: {error}");
                continue;
            }

            try
            {
                Evaluate(parsed[i], c);
            }
            catch (ExpressionException ex)
            {
                evaluationFailures++;
                check?.WriteLine($"evaluation failed: {c.Text}: {ex.Message}");
            }
        }

        return parsed;
    }

    private static ExpressionValue ParseAndEvaluate(ExpressionCase c) =>
        Expression.TryParse(c.Text, c.ParserOptions, out var expression, out _) ? Evaluate(expression, c) : ExpressionValue.Null;

    private static ExpressionValue Evaluate(Expression? expression, ExpressionCase c)
    {
        if (expression is null || c.IsBlank)
        {
            return ExpressionValue.Null;
        }

        try
        {
            return expression.Evaluate(c.Context);
        }
        catch (ExpressionException)
        {
            return ExpressionValue.Null;
        }
    }
}
