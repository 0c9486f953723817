using Sluice.Quality.Reports;

namespace Sluice.Quality.History;

/// <summary>
/// One test's result in one recorded run. <see cref="Message"/> travels with the current run for the analyses' sake
/// but is not stored: history keeps outcomes, not output.
/// </summary>
public sealed record TestRecord(string Id, TestOutcome Outcome, double DurationSeconds, int Attempts = 1, string? Message = null)
{
    public static TestRecord From(TestCaseResult result) =>
        new(result.Id, result.Outcome, result.DurationSeconds, result.Attempts, result.Message);

    /// <summary>Ended failed: the outcomes that fail a gate.</summary>
    public bool IsFailure => Outcome is TestOutcome.Failed or TestOutcome.Errored;

    /// <summary>Ended passed, on the first attempt or after a retry.</summary>
    public bool IsPass => Outcome is TestOutcome.Passed or TestOutcome.Flaky;
}
