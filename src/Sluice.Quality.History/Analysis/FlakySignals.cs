namespace Sluice.Quality.History;

/// <summary>Why a test is believed flaky; a test can show several signals at once.</summary>
[Flags]
public enum FlakySignals
{
    None = 0,

    /// <summary>It passed and failed on the same tree hash: the same code, different results.</summary>
    SameTreePassAndFail = 1,

    /// <summary>It passed after more than one attempt.</summary>
    PassedOnRetry = 2,

    /// <summary>The report itself called it flaky (outcome Flaky, e.g. Surefire's flakyFailure/flakyError).</summary>
    ReportedFlaky = 4,

    /// <summary>Its failure rate over the window reached the threshold without being 100%.</summary>
    FailureRate = 8,
}
