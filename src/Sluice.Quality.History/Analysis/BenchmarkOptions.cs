namespace Sluice.Quality.History;

/// <summary>How benchmark regressions are judged.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>How many past measurements form the baseline.</summary>
    public int SampleCount { get; init; } = 64;

    /// <summary>The one-sided confidence of the prediction interval's upper bound.</summary>
    public double Confidence { get; init; } = 0.99;

    /// <summary>A slowdown smaller than this fraction of the baseline mean (0.05 = 5%) raises no alert; 0 turns the floor off.</summary>
    public double MinRelativeChange { get; init; }

    /// <summary>Throws naming the option to fix.</summary>
    public void Validate()
    {
        if (SampleCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleCount), SampleCount, "benchmarks.samples must be at least 2.");
        }

        if (!(Confidence > 0.5 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "benchmarks.confidence must be between 0.5 and 1, e.g. 0.99.");
        }

        if (!(MinRelativeChange >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinRelativeChange), MinRelativeChange, "benchmarks.min-relative-change must be 0 or more, e.g. 0.05 for 5%.");
        }
    }
}
