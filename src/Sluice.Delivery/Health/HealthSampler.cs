using System.Globalization;
using Sluice.Expressions;

namespace Sluice.Delivery.Health;

/// <summary>
/// Takes one sample of an environment's health: runs every query against Prometheus and every probe, at once and each
/// bounded by a timeout, then judges every condition. A sick target never makes it throw: a query without a number makes
/// the conditions that read it inconclusive, a probe that cannot connect has status 0 and is not ok.
/// </summary>
public sealed class HealthSampler(HttpClient http, TimeProvider time)
{
    /// <summary>The longest a query may take: the interval between samples, at most this.</summary>
    public static readonly TimeSpan MaxQueryTime = TimeSpan.FromSeconds(10);

    public async Task<HealthSample> SampleAsync(EnvironmentHealth health, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(health);
        var at = time.GetUtcNow();
        var queryTimeout = health.Interval < MaxQueryTime ? health.Interval : MaxQueryTime;
        var queryTasks = health.Queries.ToDictionary(
            q => q.Key,
            q => health.Prometheus is { } prometheus
                ? PrometheusQuery.RunAsync(http, prometheus, q.Value, queryTimeout, time, ct)
                : Task.FromResult(QueryOutcome.None("the environment names no 'prometheus' to ask.")),
            StringComparer.OrdinalIgnoreCase);
        var probeTasks = health.Probes.ToDictionary(p => p.Key, p => ProbeOutcome.RunAsync(http, p.Value, time, ct), StringComparer.OrdinalIgnoreCase);
        await Task.WhenAll(queryTasks.Values.Cast<Task>().Concat(probeTasks.Values)).ConfigureAwait(false);

        var queries = queryTasks.ToDictionary(q => q.Key, q => q.Value.Result, StringComparer.OrdinalIgnoreCase);
        var probes = probeTasks.ToDictionary(p => p.Key, p => p.Value.Result, StringComparer.OrdinalIgnoreCase);
        return Judge(health, at, queries, probes);
    }

    /// <summary>Judges every condition over what the queries and probes gave; the sample's verdict is the worst outcome.</summary>
    internal static HealthSample Judge(
        EnvironmentHealth health,
        DateTimeOffset at,
        IReadOnlyDictionary<string, QueryOutcome> queries,
        IReadOnlyDictionary<string, ProbeOutcome> probes)
    {
        var context = new EvaluationContext { NamedValues = NamedValues(queries, probes) };
        var results = health.Conditions.Select(c => JudgeOne(c, context, queries, probes)).ToList();
        var verdict = results.Count == 0 ? HealthVerdict.Inconclusive : results.Max(r => r.Outcome);
        return new HealthSample(at, verdict, results);
    }

    private static HealthConditionResult JudgeOne(
        HealthCondition condition,
        EvaluationContext context,
        IReadOnlyDictionary<string, QueryOutcome> queries,
        IReadOnlyDictionary<string, ProbeOutcome> probes)
    {
        var references = HealthReferences.Find(condition.Expression).References;
        var measured = string.Join(", ", references.Select(r => Measured(r, queries, probes)));
        var missing = references
            .Where(r => r.IsQuery)
            .Select(r => queries.TryGetValue(r.Name, out var q) ? (q.Value is null ? $"queries.{r.Name}: {q.Reason}" : null) : $"queries.{r.Name}: not declared.")
            .OfType<string>()
            .ToList();
        if (missing.Count > 0)
        {
            return new(condition.Name, condition.Expression, HealthVerdict.Inconclusive, measured, string.Join(" ", missing));
        }

        if (!Expression.TryParse(condition.Expression, EnvironmentsFileReader.ConditionOptions, out var expression, out var error))
        {
            return new(condition.Name, condition.Expression, HealthVerdict.Failed, measured, error!.Message);
        }

        try
        {
            if (expression!.Evaluate(context).IsTruthy)
            {
                return new(condition.Name, condition.Expression, HealthVerdict.Passed, measured, null);
            }

            var probeErrors = references
                .Where(r => !r.IsQuery && probes.TryGetValue(r.Name, out var p) && p.Error is not null)
                .Select(r => probes[r.Name].Error)
                .Distinct()
                .ToList();
            return new(condition.Name, condition.Expression, HealthVerdict.Failed, measured, probeErrors.Count > 0 ? string.Join(" ", probeErrors) : null);
        }
        catch (ExpressionException ex)
        {
            return new(condition.Name, condition.Expression, HealthVerdict.Failed, measured, ex.Error.Message);
        }
    }

    private static Dictionary<string, ExpressionValue> NamedValues(
        IReadOnlyDictionary<string, QueryOutcome> queries,
        IReadOnlyDictionary<string, ProbeOutcome> probes)
    {
        var queryValues = new ObjectValue();
        foreach (var (name, outcome) in queries)
        {
            if (outcome.Value is { } value)
            {
                queryValues.Set(name, ExpressionValue.FromNumber(value));
            }
        }

        var probeValues = new ObjectValue();
        foreach (var (name, outcome) in probes)
        {
            var probe = new ObjectValue();
            probe.Set("status", ExpressionValue.FromNumber(outcome.Status));
            probe.Set("ok", ExpressionValue.FromBoolean(outcome.Ok));
            probe.Set("seconds", ExpressionValue.FromNumber(outcome.Seconds));
            probeValues.Set(name, probe);
        }

        return new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase)
        {
            [HealthReferences.QueriesName] = queryValues,
            [HealthReferences.ProbesName] = probeValues,
        };
    }

    private static string Measured(HealthReference reference, IReadOnlyDictionary<string, QueryOutcome> queries, IReadOnlyDictionary<string, ProbeOutcome> probes)
    {
        if (reference.IsQuery)
        {
            return queries.TryGetValue(reference.Name, out var query) && query.Value is { } value
                ? $"queries.{reference.Name} = {Number(value)}"
                : $"queries.{reference.Name}: no value";
        }

        if (!probes.TryGetValue(reference.Name, out var probe))
        {
            return $"probes.{reference.Name}: not declared";
        }

        var seconds = $"{Number(Math.Round(probe.Seconds, 3))} s";
        return probe.Status == 0 ? $"probes.{reference.Name}: no answer after {seconds}" : $"probes.{reference.Name}: {probe.Status} in {seconds}";
    }

    /// <summary>A number as Prometheus writes it: up to six significant digits, <c>+Inf</c> and <c>-Inf</c> for infinities.</summary>
    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };
}
