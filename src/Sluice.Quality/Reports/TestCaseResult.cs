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
/// One test case as a report gives it. <see cref="Attempts"/> counts its runs in this report: more than one only
/// when the report shows the case was retried (<see cref="TestRetries"/>); entries that merely share a name are
/// distinct cases.
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
    /// <summary>The identity of a test across runs: class name and name (history tells apart distinct cases sharing it by " #2"...).</summary>
    public string Id => ClassName.Length == 0 ? Name : $"{ClassName}.{Name}";

    /// <summary>Longest message kept; reports can carry megabytes of output per case.</summary>
    public const int MaxMessageLength = 4096;
}
