namespace Sluice.Quality.Reports;

public enum TestOutcome
{
    Passed,
    Failed,
    Errored,
    Skipped,

    /// <summary>Passed in the end after failing at least once (a rerun, or Surefire's flakyFailure/flakyError).</summary>
    Flaky,
}

/// <summary>
/// One test case as a report gives it. <see cref="Attempts"/> counts its runs in this report (reruns and repeated
/// entries for one case are merged into one result by <see cref="TestResultMerger"/>).
/// </summary>
public sealed record TestCaseResult(
    string Suite,
    string ClassName,
    string Name,
    TestOutcome Outcome,
    double DurationSeconds,
    string? Message = null,
    string? File = null,
    int? Line = null,
    int Attempts = 1)
{
    /// <summary>The identity of a test across runs: class name and name.</summary>
    public string Id => ClassName.Length == 0 ? Name : $"{ClassName}.{Name}";

    /// <summary>Longest message kept; reports can carry megabytes of output per case.</summary>
    public const int MaxMessageLength = 4096;
}
