using CsCheck;

namespace Sluice.Quality.History.Tests;

public sealed class TestSplitterProperties
{
    [Fact]
    public void Every_test_lands_in_exactly_one_shard_and_the_longest_shard_is_within_one_test_of_optimal()
    {
        var durations = Gen.Double[0, 100].Nullable().Array[0, 60];
        Gen.Select(durations, Gen.Int[1, 9]).Sample((known, shardCount) =>
        {
            var tests = Enumerable.Range(0, known.Length).Select(i => $"T{i:D3}").ToArray();
            var recorded = tests.Zip(known).Where(p => p.Second.HasValue).ToDictionary(p => p.First, p => p.Second!.Value);

            var shards = TestSplitter.Split(tests, recorded, shardCount);

            Assert.Equal(shardCount, shards.Count);
            Assert.Equal(tests, shards.SelectMany(s => s.Tests).Order(StringComparer.Ordinal));

            // Sum / shards is a lower bound on the optimum, so this is at least as strict as "optimal + longest test".
            var fallback = recorded.Count == 0 ? TestSplitter.DefaultSeconds : Median(recorded.Values);
            var effective = tests.Select(t => recorded.TryGetValue(t, out var d) ? d : fallback).ToArray();
            var bound = (effective.Sum() / shardCount) + effective.DefaultIfEmpty(0).Max();
            Assert.True(shards.Max(s => s.EstimatedSeconds) <= bound + 1e-9, $"max {shards.Max(s => s.EstimatedSeconds)} > bound {bound}");
            Assert.Equal(effective.Sum(), shards.Sum(s => s.EstimatedSeconds), 1e-6);
        });
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
