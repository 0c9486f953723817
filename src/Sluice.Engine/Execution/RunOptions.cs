namespace Sluice.Engine.Execution;

/// <summary>What to run of a workflow, and how much at once.</summary>
public sealed record RunOptions
{
    /// <summary><c>--job ID</c>: only this job, and what it needs unless <see cref="IncludeNeeds"/> is false.</summary>
    public string? OnlyJob { get; init; }

    public bool IncludeNeeds { get; init; } = true;

    /// <summary>How many jobs (matrix legs) run at once; by default the number of cores.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary><c>--matrix K:V</c>: only the legs whose K is V.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MatrixFilter { get; init; } = [];
}

/// <summary>The end of a run: its conclusion and every job leg's result, in the order they finished.</summary>
public sealed record RunResult(Conclusion Conclusion, IReadOnlyList<JobResult> Jobs);
