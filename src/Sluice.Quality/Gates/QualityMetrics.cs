using System.Globalization;
using Sluice.Expressions;

namespace Sluice.Quality.Gates;

/// <summary>
/// The numbers a gate's conditions read, by group (<c>tests</c>, <c>coverage</c>, <c>benchmarks</c>, <c>flaky</c>).
/// A metric that could not be measured is absent, with the reason, so a condition that needs it is inconclusive.
/// </summary>
public sealed class QualityMetrics
{
    public static readonly string[] Groups = ["tests", "coverage", "benchmarks", "flaky"];

    private readonly Dictionary<string, double> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _missing = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets <c>group.name</c>, e.g. <c>Set("coverage.line", 81.5)</c>.</summary>
    public QualityMetrics Set(string path, double value)
    {
        _values[path] = value;
        _missing.Remove(path);
        return this;
    }

    /// <summary>Marks <c>group.name</c> as not measured, and why (no coverage report, no base run, too few lines...).</summary>
    public QualityMetrics Missing(string path, string reason)
    {
        _values.Remove(path);
        _missing[path] = reason;
        return this;
    }

    public bool TryGet(string path, out double value) => _values.TryGetValue(path, out value);

    public string? MissingReason(string path)
    {
        if (_missing.TryGetValue(path, out var reason))
        {
            return reason;
        }

        if (_values.ContainsKey(path))
        {
            return null;
        }

        var group = path.Split('.')[0];
        return _values.Keys.Any(k => k.StartsWith(group + ".", StringComparison.OrdinalIgnoreCase))
            ? $"'{path}' is not a metric Sluice measures"
            : $"no {group} data was given";
    }

    public string Display(string path) => TryGet(path, out var value) ? Format(value) : "n/a";

    public static string Format(double value) => Math.Abs(value - Math.Round(value)) < 1e-9
        ? Math.Round(value).ToString(CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The named values for the expression language: one object per group.</summary>
    public IReadOnlyDictionary<string, ExpressionValue> ToNamedValues()
    {
        var groups = new Dictionary<string, ExpressionValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in Groups)
        {
            var value = new ObjectValue();
            foreach (var (path, number) in _values)
            {
                if (path.StartsWith(group + ".", StringComparison.OrdinalIgnoreCase))
                {
                    value.Set(path[(group.Length + 1)..], ExpressionValue.FromNumber(number));
                }
            }

            groups[group] = value;
        }

        return groups;
    }
}
