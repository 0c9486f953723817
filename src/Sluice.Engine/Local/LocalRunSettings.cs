namespace Sluice.Engine.Local;

/// <summary>The command line of <c>sluice run</c>, less the output options.</summary>
public sealed record LocalRunSettings
{
    public string EventName { get; init; } = "push";

    /// <summary><c>--eventpath FILE</c>: a payload to use instead of one made from git.</summary>
    public string? EventPath { get; init; }

    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--skip-unsupported</c>.</summary>
    public bool SkipUnsupportedSteps { get; init; }

    /// <summary><c>--action-cache DIR</c> (or <c>SLUICE_ACTION_CACHE</c>): actions and reusable workflows of other repositories.</summary>
    public string? ActionCacheDirectory { get; init; }

    /// <summary>Where actions of other repositories come from (the folder above, then the action store); null: the folder alone.</summary>
    public Execution.Actions.ActionRepositories? Repositories { get; init; }

    /// <summary>Real actions instead of built-in ones, and the action policy.</summary>
    public Execution.Actions.Policy.ActionSettings ActionSettings { get; init; } = Execution.Actions.Policy.ActionSettings.Default;

    /// <summary>Values masked in all output that are not the workflow's secrets (the token for private action repositories).</summary>
    public IReadOnlyList<string> Masks { get; init; } = [];
}
