namespace Sluice.Quality.History.Tests;

public sealed class TestSplitterTests
{
    private static readonly Dictionary<string, double> NoDurations = [];

    [Fact]
    public void Longest_tests_go_first_each_to_the_lightest_shard()
    {
        var durations = new Dictionary<string, double> { ["a"] = 5, ["b"] = 4, ["c"] = 3, ["d"] = 3, ["e"] = 2, ["f"] = 1 };

        var shards = TestSplitter.Split(["f", "e", "d", "c", "b", "a"], durations, 2);

        Assert.Equal(new Shard(0, ["a", "d", "f"], 9), shards[0], ShardComparer.Instance);
        Assert.Equal(new Shard(1, ["b", "c", "e"], 9), shards[1], ShardComparer.Instance);
    }

    [Fact]
    public void The_split_does_not_depend_on_input_order_and_ties_go_by_name()
    {
        string[] tests = ["t3", "t1", "t4", "t2", "t5"];
        var first = TestSplitter.Split(tests, NoDurations, 2);
        var second = TestSplitter.Split([.. tests.Reverse()], NoDurations, 2);

        Assert.Equal(["t1", "t3", "t5"], first[0].Tests);
        Assert.Equal(["t2", "t4"], first[1].Tests);
        Assert.Equal(first.Select(s => s.Tests), second.Select(s => s.Tests));
    }

    [Fact]
    public void A_test_with_no_recorded_duration_counts_as_the_median_of_the_known()
    {
        var durations = new Dictionary<string, double> { ["a"] = 1, ["b"] = 3, ["c"] = 10 };

        var shards = TestSplitter.Split(["a", "b", "c", "new"], durations, 1);

        Assert.Equal(17, shards[0].EstimatedSeconds, 1e-9);
        Assert.Equal(["c", "b", "new", "a"], shards[0].Tests);
    }

    [Fact]
    public void With_no_known_durations_every_test_counts_one_second()
    {
        var shards = TestSplitter.Split(["a", "b", "c", "d"], NoDurations, 2);

        Assert.Equal([2.0, 2.0], shards.Select(s => s.EstimatedSeconds));
    }

    [Fact]
    public void More_shards_than_tests_leaves_some_empty_and_duplicates_are_placed_once()
    {
        var shards = TestSplitter.Split(["a", "a", "b"], NoDurations, 4);

        Assert.Equal(4, shards.Count);
        Assert.Equal(["a", "b"], shards.SelectMany(s => s.Tests).Order());
        Assert.Equal(2, shards.Count(s => s.Tests.Count == 0));
    }

    [Fact]
    public void Fewer_than_one_shard_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestSplitter.Split(["a"], NoDurations, 0));
    }

    private sealed class ShardComparer : IEqualityComparer<Shard>
    {
        public static readonly ShardComparer Instance = new();

        public bool Equals(Shard? x, Shard? y) =>
            x is not null && y is not null && x.Index == y.Index && x.Tests.SequenceEqual(y.Tests) && Math.Abs(x.EstimatedSeconds - y.EstimatedSeconds) < 1e-9;

        public int GetHashCode(Shard obj) => obj.Index;
    }
}
