namespace Sluice.Engine.Execution.Actions.Policy;

/// <summary>The settings given on the command line, added to those of the settings file.</summary>
public sealed record ActionSettingsOptions
{
    /// <summary><c>--real-action</c>: built-in actions to run as the real ones.</summary>
    public IReadOnlyList<string> RealActions { get; init; } = [];

    /// <summary><c>--allow-action</c>.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary><c>--deny-action</c>.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    /// <summary><c>--require-sha-pinning</c>.</summary>
    public bool RequireShaPinning { get; init; }
}
