using Sluice.Workflows.Tokens;

namespace Sluice.Workflows;

/// <summary>
/// A parsed workflow. Values that may hold <c>${{ }}</c> stay tokens, evaluated when the run reaches them;
/// the rest is plain .NET values.
/// </summary>
public sealed class Workflow
{
    public string? Name { get; init; }

    public TemplateToken? RunName { get; init; }

    public IReadOnlyList<WorkflowEvent> Events { get; init; } = [];

    public TemplateToken? Permissions { get; init; }

    public IReadOnlyList<KeyValuePair<string, TemplateToken>> Env { get; init; } = [];

    public TemplateToken? Defaults { get; init; }

    public TemplateToken? Concurrency { get; init; }

    public IReadOnlyList<Job> Jobs { get; init; } = [];

    public WorkflowEvent? FindEvent(string name) => Events.FirstOrDefault(e => e.Name == name);
}

/// <summary>One event of <c>on:</c> with its configuration (filters, activity types, inputs), when it has one.</summary>
public sealed class WorkflowEvent
{
    public required string Name { get; init; }

    /// <summary>The event's mapping (or sequence, for <c>schedule</c>); null for a bare event name.</summary>
    public TemplateToken? Configuration { get; init; }

    public IReadOnlyList<string> Types => List("types");

    public IReadOnlyList<string> Branches => List("branches");

    public IReadOnlyList<string> BranchesIgnore => List("branches-ignore");

    public IReadOnlyList<string> Tags => List("tags");

    public IReadOnlyList<string> TagsIgnore => List("tags-ignore");

    public IReadOnlyList<string> Paths => List("paths");

    public IReadOnlyList<string> PathsIgnore => List("paths-ignore");

    /// <summary>True when the filter is present at all (an empty list still filters everything out).</summary>
    public bool Has(string filter) => (Configuration as MappingToken)?.Get(filter) is not null;

    private IReadOnlyList<string> List(string key) => (Configuration as MappingToken)?.Get(key) switch
    {
        SequenceToken sequence => [.. sequence.Items.Select(i => i.Display)],
        LiteralToken literal and not NullToken => [literal.Display],
        _ => [],
    };
}
