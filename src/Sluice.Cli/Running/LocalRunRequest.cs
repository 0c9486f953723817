namespace Sluice.Cli.Running;

/// <summary>The command line of <c>sluice run</c>, parsed.</summary>
internal sealed record LocalRunRequest
{
    public required string EventName { get; init; }

    public string? WorkflowFile { get; init; }

    public string? Job { get; init; }

    public bool IncludeNeeds { get; init; } = true;

    public string? EventPath { get; init; }

    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    public required IReadOnlyDictionary<string, string> Secrets { get; init; }

    public required IReadOnlyDictionary<string, string> Vars { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Matrix { get; init; }

    public bool ListOnly { get; init; }

    public int Parallelism { get; init; }

    public bool Keep { get; init; }

    public bool SkipUnsupported { get; init; }

    /// <summary>Where actions of other repositories come from and which may run.</summary>
    public ActionSourceRequest Actions { get; init; } = new();

    public bool Json { get; init; }
}
