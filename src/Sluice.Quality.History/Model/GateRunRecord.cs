using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// What one gate run leaves in history. <see cref="TreeHash"/> identifies the code tested (two commits with one tree
/// ran the same code), <see cref="BaseBranch"/> the branch this one started from, if any.
/// </summary>
public sealed record GateRunRecord(
    string CommitSha,
    string TreeHash,
    string Branch,
    string? BaseBranch,
    IReadOnlyList<TestRecord> Tests,
    CoverageTotals? Coverage,
    IReadOnlyList<BenchmarkResult> Benchmarks)
{
    /// <summary>Throws for a record no provider should store: blank keys, or a test or benchmark listed twice.</summary>
    public void Validate()
    {
        Require(CommitSha, nameof(CommitSha));
        Require(TreeHash, nameof(TreeHash));
        Require(Branch, nameof(Branch));
        RequireDistinct(Tests.Select(t => t.Id), "test", "merge reruns into one result per test before recording");
        RequireDistinct(Benchmarks.Select(b => b.Name), "benchmark", "give each benchmark a unique name");
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A gate run needs a {name}.", name);
        }
    }

    private static void RequireDistinct(IEnumerable<string> keys, string what, string fix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!seen.Add(key))
            {
                throw new ArgumentException($"The run lists {what} '{key}' twice; {fix}.");
            }
        }
    }
}
