namespace Sluice.Containers;

/// <summary>
/// A container's health check, as <c>docker create --health-*</c> sets it. Unset values take the engine's defaults
/// (Docker: every 30 s, 30 s timeout, 3 retries, no start period).
/// </summary>
public sealed class HealthcheckSpec
{
    /// <summary>
    /// The test in Docker's form: <c>["CMD-SHELL", "pg_isready"]</c> runs through the image's shell,
    /// <c>["CMD", "pg_isready", "-q"]</c> runs directly, <c>["NONE"]</c> turns off the image's own check.
    /// </summary>
    public IList<string> Test { get; set; } = [];

    /// <summary>Time between checks.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>How long one check may run before it counts as failed.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Consecutive failures before the container is unhealthy.</summary>
    public int? Retries { get; set; }

    /// <summary>Time after start during which failures do not count.</summary>
    public TimeSpan? StartPeriod { get; set; }

    /// <summary>A check that runs <paramref name="command"/> with the image's shell.</summary>
    public static HealthcheckSpec Shell(string command) => new() { Test = ["CMD-SHELL", command] };
}
