namespace Sluice.Delivery.Dora;

/// <summary>
/// A repository's (or one environment's) DORA figures over a period: the four keys, and per UTC day what the charts
/// draw. Maps one to one onto the API's <c>DoraView</c>.
/// </summary>
public sealed record DoraFigures(
    DateTimeOffset From,
    DateTimeOffset To,
    DoraKey DeploymentFrequency,
    DoraKey LeadTime,
    DoraKey ChangeFailureRate,
    DoraKey TimeToRestore,
    IReadOnlyList<DoraDay> Days);

/// <summary>
/// One key: deployments per day; seconds (a median) for lead time and time to restore; a share from 0 to 1 for the change
/// failure rate. <see cref="Count"/> is how many records it comes from; value and band are null when there are none.
/// </summary>
public sealed record DoraKey(double? Value, int Count, string? Band)
{
    public static readonly DoraKey None = new(null, 0, null);
}

/// <summary>One UTC day: changes that became healthy, changes that failed, and that day's lead times' median in seconds.</summary>
public sealed record DoraDay(DateOnly Day, int Deployments, int Failures, double? LeadTimeSeconds);
