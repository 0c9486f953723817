namespace Sluice.Quality.History;

public sealed record HistoryOptions
{
    public FlakyOptions Flaky { get; init; } = new();

    public BenchmarkOptions Benchmarks { get; init; } = new();

    public void Validate()
    {
        Flaky.Validate();
        Benchmarks.Validate();
    }
}
