using System.Text.RegularExpressions;
using Sluice.Expressions;

namespace Sluice.Quality.Gates;

public enum ConditionOutcome
{
    Passed,
    Inconclusive,
    Failed,
}

/// <summary>How one condition ended, with what was measured against what, and why when it is not a plain pass or fail.</summary>
public sealed record ConditionResult(GateCondition Condition, ConditionOutcome Outcome, string Measured, string Threshold, string? Reason);

public sealed record GateResult(IReadOnlyList<ConditionResult> Conditions, ConditionOutcome Verdict);

/// <summary>Evaluates a gate's conditions over the metrics; the verdict is the worst outcome (failed, then inconclusive).</summary>
public static partial class GateEvaluator
{
    private static readonly ExpressionParserOptions Options = new() { NamedValues = QualityMetrics.Groups, Functions = [] };

    /// <summary>Checks that every condition parses; returns one message per bad condition.</summary>
    public static IReadOnlyList<string> Validate(GateDefinition gate) =>
        [.. gate.Conditions
            .Select(c => Expression.TryParse(c.Expression, Options, out _, out var error) ? null : $"{(c.Line is { } l ? $"line {l}: " : "")}condition '{c.Name}': {error!.Message}")
            .OfType<string>()];

    public static GateResult Evaluate(GateDefinition gate, QualityMetrics metrics)
    {
        var context = new EvaluationContext { NamedValues = metrics.ToNamedValues() };
        var results = gate.Conditions.Select(c => EvaluateOne(c, metrics, context)).ToList();
        var verdict = results.Count == 0 ? ConditionOutcome.Inconclusive : results.Max(r => r.Outcome);
        return new GateResult(results, verdict);
    }

    private static ConditionResult EvaluateOne(GateCondition condition, QualityMetrics metrics, EvaluationContext context)
    {
        var referenced = ReferencedMetrics(condition.Expression);
        var (measured, threshold) = Describe(condition.Expression, referenced, metrics);
        if (!Expression.TryParse(condition.Expression, Options, out var expression, out var error))
        {
            return new ConditionResult(condition, ConditionOutcome.Failed, measured, threshold, error!.Message);
        }

        var missing = referenced.Select(metrics.MissingReason).OfType<string>().ToList();
        if (missing.Count > 0)
        {
            return new ConditionResult(condition, ConditionOutcome.Inconclusive, measured, threshold, string.Join("; ", missing));
        }

        try
        {
            var value = expression!.Evaluate(context);
            return new ConditionResult(condition, value.IsTruthy ? ConditionOutcome.Passed : ConditionOutcome.Failed, measured, threshold, null);
        }
        catch (ExpressionException ex)
        {
            return new ConditionResult(condition, ConditionOutcome.Failed, measured, threshold, ex.Error.Message);
        }
    }

    /// <summary>The <c>group.metric</c> paths an expression reads, outside its string literals.</summary>
    public static IReadOnlyList<string> ReferencedMetrics(string expression)
    {
        var code = StringLiteral().Replace(expression, "''");
        return [.. MetricPath().Matches(code).Select(m => $"{m.Groups[1].Value.ToLowerInvariant()}.{m.Groups[2].Value}").Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>For <c>metric OP literal</c>, the metric's value and <c>OP literal</c>; otherwise every metric's value and the whole expression.</summary>
    private static (string Measured, string Threshold) Describe(string expression, IReadOnlyList<string> referenced, QualityMetrics metrics)
    {
        var simple = SimpleComparison().Match(expression);
        if (simple.Success)
        {
            return (metrics.Display(referenced[0]), $"{simple.Groups["op"].Value} {simple.Groups["limit"].Value}");
        }

        var measured = referenced.Count == 0 ? "" : string.Join(", ", referenced.Select(p => $"{p} = {metrics.Display(p)}"));
        return (measured, expression);
    }

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w.])(tests|coverage|benchmarks|flaky)\s*\.\s*([A-Za-z_][\w-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex MetricPath();

    [GeneratedRegex(@"^\s*(?:tests|coverage|benchmarks|flaky)\s*\.\s*[A-Za-z_][\w-]*\s*(?<op>==|!=|>=|<=|>|<)\s*(?<limit>-?[0-9][0-9.]*)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SimpleComparison();
}
