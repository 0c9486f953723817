namespace Sluice.Quality.History;

/// <summary>
/// Flakiness as of one run. <see cref="Unquarantined"/> are flaky tests failing now that nobody quarantined (these
/// still fail the gate); <see cref="QuarantinedFailures"/> are tests failing now that are quarantined (these do not).
/// <see cref="Broken"/> counts tests that failed every run in the window: not flaky, just broken.
/// </summary>
public sealed record FlakyReport(
    IReadOnlyList<FlakyTest> Flaky,
    int Broken,
    IReadOnlyList<FlakyTest> Unquarantined,
    IReadOnlyList<TestRecord> QuarantinedFailures);
