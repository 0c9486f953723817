namespace Sluice.Delivery.Health;

/// <summary>The environments of <c>.sluice/environments.yml</c> that have a health gate.</summary>
public sealed class EnvironmentsFile(IReadOnlyList<EnvironmentHealth> environments)
{
    public IReadOnlyList<EnvironmentHealth> Environments { get; } = environments;

    /// <summary>The environment named <paramref name="name"/>, compared without regard to case, or null.</summary>
    public EnvironmentHealth? Find(string name) =>
        Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// What reading <c>.sluice/environments.yml</c> gave: the file when it is usable, otherwise null and the errors, each
/// naming the file and line and saying what to change.
/// </summary>
public sealed record EnvironmentsFileRead(EnvironmentsFile? File, IReadOnlyList<string> Errors);
