using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// A whole gate run at once, for <see cref="IQualityHistory.RecordRunAsync"/>; a gate reading large reports
/// records through <see cref="IQualityHistory.BeginRunAsync"/> instead, one test at a time.
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
    public RunHeader Header => new(CommitSha, TreeHash, Branch, BaseBranch);
}
