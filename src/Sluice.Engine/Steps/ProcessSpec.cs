namespace Sluice.Engine.Steps;

/// <summary>
/// A process to run: the environment is exact (nothing is inherited), <paramref name="Timeout"/> null means none.
/// </summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan? Timeout);
