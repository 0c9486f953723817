using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// One recorded result of one test, as the flaky analysis reads it: the run and its tree, and whether the run is in
/// the failure-rate window (the run being judged is; runs of the same tree outside the window are not).
/// </summary>
public sealed record TestResultRow(string TestId, long RunId, string TreeHash, TestOutcome Outcome, int Attempts, bool InWindow)
{
    public bool IsFailure => Outcome is TestOutcome.Failed or TestOutcome.Errored;

    public bool IsPass => Outcome is TestOutcome.Passed or TestOutcome.Flaky;
}
