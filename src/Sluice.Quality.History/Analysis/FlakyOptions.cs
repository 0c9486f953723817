namespace Sluice.Quality.History;

/// <summary>How flakiness is judged from history.</summary>
public sealed record FlakyOptions
{
    /// <summary>How many runs (the current one included) the failure-rate monitor looks at.</summary>
    public int Window { get; init; } = 30;

    /// <summary>A test failing at least this fraction of its runs, but not all of them, is flaky (0.05 = 5%).</summary>
    public double FailureRateThreshold { get; init; } = 0.05;

    /// <summary>The monitor judges a test only once it has run this many times in the window.</summary>
    public int MinRuns { get; init; } = 5;

    /// <summary>A flaky flag clears once the test's latest results are this many clean passes in a row.</summary>
    public int ClearAfterPasses { get; init; } = 10;

    /// <summary>Throws naming the option to fix.</summary>
    public void Validate()
    {
        if (Window < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "flaky.window must be at least 1 run.");
        }

        if (!(FailureRateThreshold > 0 && FailureRateThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRateThreshold), FailureRateThreshold, "flaky.failure-rate must be above 0 and at most 1, e.g. 0.05 for 5%.");
        }

        if (MinRuns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinRuns), MinRuns, "flaky.min-runs must be at least 1.");
        }

        if (ClearAfterPasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ClearAfterPasses), ClearAfterPasses, "flaky.clear-after-passes must be at least 1.");
        }
    }
}
