namespace Sluice.Workflows;

/// <summary>A parsed workflow file.</summary>
public sealed class Workflow
{
    public string? Name { get; init; }
    public IReadOnlyList<Job> Jobs { get; init; } = [];
}

/// <summary>A job of a workflow.</summary>
public sealed class Job
{
    public required string Id { get; init; }
    public IReadOnlyList<string> Needs { get; init; } = [];
}
