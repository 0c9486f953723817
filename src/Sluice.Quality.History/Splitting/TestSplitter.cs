namespace Sluice.Quality.History;

/// <summary>
/// Splits tests into shards of similar duration: longest processing time first, each test to the currently lightest
/// shard. Greedy, so the longest shard is at most the optimum plus the longest single test.
/// </summary>
public static class TestSplitter
{
    /// <summary>What a test with no known duration counts as when no test's duration is known.</summary>
    public const double DefaultSeconds = 1;

    /// <param name="tests">Test ids; duplicates are placed once.</param>
    /// <param name="durations">Known durations in seconds, e.g. from <see cref="IQualityHistory.GetLatestDurationsAsync"/>; unknown tests count as the median of the known ones.</param>
    public static IReadOnlyList<Shard> Split(IReadOnlyList<string> tests, IReadOnlyDictionary<string, double> durations, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var distinct = tests.Distinct(StringComparer.Ordinal).ToList();
        var known = distinct.Select(t => Known(durations, t)).OfType<double>().ToList();
        var fallback = known.Count == 0 ? DefaultSeconds : Median(known);

        var ordered = distinct
            .Select(t => (Id: t, Seconds: Known(durations, t) ?? fallback))
            .OrderByDescending(t => t.Seconds)
            .ThenBy(t => t.Id, StringComparer.Ordinal);

        var assigned = Enumerable.Range(0, shards).Select(_ => new List<string>()).ToArray();
        var loads = new double[shards];
        var lightest = new PriorityQueue<int, (double Load, int Index)>(Enumerable.Range(0, shards).Select(i => (i, (0.0, i))));
        foreach (var (id, seconds) in ordered)
        {
            var shard = lightest.Dequeue();
            assigned[shard].Add(id);
            loads[shard] += seconds;
            lightest.Enqueue(shard, (loads[shard], shard));
        }

        return [.. assigned.Select((list, i) => new Shard(i, list, loads[i]))];
    }

    private static double? Known(IReadOnlyDictionary<string, double> durations, string test) =>
        durations.TryGetValue(test, out var seconds) && double.IsFinite(seconds) && seconds >= 0 ? seconds : null;

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
