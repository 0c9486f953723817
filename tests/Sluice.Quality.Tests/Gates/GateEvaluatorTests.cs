using Sluice.Quality.Gates;

namespace Sluice.Quality.Tests.Gates;

public sealed class GateEvaluatorTests
{
    private static GateDefinition Gate(params string[] conditions) =>
        new() { Conditions = [.. conditions.Select(c => new GateCondition(c, c))] };

    private static QualityMetrics Metrics() => new QualityMetrics()
        .Set("tests.failed", 0).Set("tests.total", 120).Set("tests.new_failures", 0)
        .Set("coverage.line", 81.25).Set("benchmarks.regressions", 1)
        .Missing("coverage.patch", "only 7 changed coverable lines; fewer than 20");

    [Fact]
    public void Each_condition_ends_passed_failed_or_inconclusive_and_the_verdict_is_the_worst()
    {
        var result = GateEvaluator.Evaluate(Gate("tests.failed == 0", "coverage.patch >= 90", "coverage.line >= 80"), Metrics());

        Assert.Equal([ConditionOutcome.Passed, ConditionOutcome.Inconclusive, ConditionOutcome.Passed], result.Conditions.Select(c => c.Outcome));
        Assert.Equal(ConditionOutcome.Inconclusive, result.Verdict);
        Assert.Equal("only 7 changed coverable lines; fewer than 20", result.Conditions[1].Reason);

        var failing = GateEvaluator.Evaluate(Gate("coverage.patch >= 90", "benchmarks.regressions == 0"), Metrics());
        Assert.Equal(ConditionOutcome.Failed, failing.Verdict);
    }

    [Fact]
    public void A_simple_comparison_shows_the_measured_value_and_the_threshold()
    {
        var row = GateEvaluator.Evaluate(Gate("coverage.line >= 80"), Metrics()).Conditions.Single();

        Assert.Equal("81.25", row.Measured);
        Assert.Equal(">= 80", row.Threshold);
    }

    [Fact]
    public void A_compound_condition_lists_every_metric_it_reads()
    {
        var row = GateEvaluator.Evaluate(Gate("tests.failed == 0 && (coverage.line > 90 || tests.total > 100)"), Metrics()).Conditions.Single();

        Assert.Equal(ConditionOutcome.Passed, row.Outcome);
        Assert.Equal("tests.failed = 0, coverage.line = 81.25, tests.total = 120", row.Measured);
    }

    [Fact]
    public void A_group_with_no_data_makes_its_conditions_inconclusive()
    {
        var row = GateEvaluator.Evaluate(Gate("flaky.unquarantined == 0"), Metrics()).Conditions.Single();

        Assert.Equal(ConditionOutcome.Inconclusive, row.Outcome);
        Assert.Equal("no flaky data was given", row.Reason);
    }

    [Fact]
    public void A_misspelt_metric_is_named_and_inconclusive()
    {
        var row = GateEvaluator.Evaluate(Gate("tests.faild == 0"), Metrics()).Conditions.Single();
        Assert.Equal("'tests.faild' is not a metric Sluice measures", row.Reason);
    }

    [Fact]
    public void Metric_names_inside_string_literals_are_not_taken_for_metrics()
    {
        Assert.Equal(["tests.failed"], GateEvaluator.ReferencedMetrics("tests.failed == 0 || contains('coverage.patch', 'x')"));
    }

    [Fact]
    public void Syntax_errors_are_found_before_anything_is_read()
    {
        var problems = GateEvaluator.Validate(new GateDefinition { Conditions = [new GateCondition("bad", "tests.failed ==", 4), new GateCondition("unknown", "secrets.x == 1", 5)] });

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("line 4: condition 'bad': Unexpected end of expression", problems[0], StringComparison.Ordinal);
        Assert.Contains("Unrecognized named-value: 'secrets'", problems[1], StringComparison.Ordinal);
    }
}
