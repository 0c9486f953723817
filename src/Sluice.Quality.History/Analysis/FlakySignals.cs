namespace Sluice.Quality.History;

/// <summary>Why a test is believed flaky; a test can show several signals at once.</summary>
[Flags]
public enum FlakySignals
{
    None = 0,

    /// <summary>It passed and failed on the same tree hash: the same code, different results.</summary>
    SameTreePassAndFail = 1,

    /// <summary>
    /// A run's own retries show it failing, then passing (Surefire's flakyFailure, a TRX testId given twice,
    /// pytest-rerunfailures; see docs/quality.md). Distinct cases that share a name are not retries.
    /// </summary>
    PassedOnRetry = 2,

    /// <summary>Its failure rate over the window reached the threshold without being 100%.</summary>
    FailureRate = 8,
}
