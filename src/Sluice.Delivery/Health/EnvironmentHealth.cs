namespace Sluice.Delivery.Health;

/// <summary>
/// An environment's health gate, read from <c>.sluice/environments.yml</c>: the conditions that must hold for
/// <see cref="Window"/> after its deploy job succeeds, sampled every <see cref="Interval"/>.
/// </summary>
/// <param name="Name">The environment's name as the file spells it (environments are compared without regard to case).</param>
/// <param name="Prometheus">Where the queries are sent; null when there are none.</param>
/// <param name="FailureLimit">Failed samples tolerated; one more is a breach.</param>
/// <param name="InconclusiveLimit">Consecutive inconclusive samples tolerated; one more is a breach.</param>
/// <param name="Queries">PromQL instant queries by name (names compared without regard to case).</param>
/// <param name="Probes">HTTP probes by name (names compared without regard to case).</param>
/// <param name="RollbackWorkflow">A workflow file of the repository to run on a breach instead of redeploying the last healthy deployment.</param>
public sealed record EnvironmentHealth(
    string Name,
    Uri? Prometheus,
    TimeSpan Window,
    TimeSpan Interval,
    int FailureLimit,
    int InconclusiveLimit,
    IReadOnlyDictionary<string, string> Queries,
    IReadOnlyDictionary<string, HttpProbe> Probes,
    IReadOnlyList<HealthCondition> Conditions,
    string? RollbackWorkflow)
{
    /// <summary>
    /// How long after the deploy job no sample is taken (Argo Rollouts' <c>initialDelay</c>): long enough for the
    /// queries' ranges to see only the new version. The window starts after it.
    /// </summary>
    public TimeSpan InitialDelay { get; init; }
}

/// <summary>A GET to <paramref name="Url"/> that is ok when it answers <paramref name="Status"/> within <paramref name="Timeout"/>.</summary>
public sealed record HttpProbe(Uri Url, int Status, TimeSpan Timeout);

/// <summary>One condition of a health gate: its name, its expression over <c>queries</c> and <c>probes</c>, and its line in the file.</summary>
public sealed record HealthCondition(string Name, string Expression, int Line);
