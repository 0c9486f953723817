namespace Sluice.Quality.History;

/// <summary>A recorded run without its test cases. Ids grow in the order runs were committed.</summary>
public sealed record RunSummary(
    long Id,
    string CommitSha,
    string TreeHash,
    string Branch,
    string? BaseBranch,
    DateTimeOffset RecordedAt,
    CoverageTotals? Coverage);
