namespace Sluice.Delivery.Dora;

/// <summary>
/// DORA's four keys from deployment records, as docs/dora.md defines them. A pure function of the records and the
/// period (both ends included), so the server and the tests compute the same figures.
/// </summary>
public static class DoraCalculator
{
    public static DoraFigures Compute(IReadOnlyList<DeploymentFact> facts, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (to <= from)
        {
            throw new ArgumentException($"the period must end after it starts ({from:O} to {to:O})", nameof(to));
        }

        bool Within(DateTimeOffset? at) => at is { } t && t >= from && t <= to;

        var healthy = facts.Where(f => f.RollbackOf is null && Within(f.HealthyAt)).ToList();
        var leadTimes = healthy.Where(f => f.CommitAt is not null).Select(LeadSeconds).ToList();
        var changes = facts.Where(f => f.IsChange && Within(f.DeployedAt)).ToList();
        var failures = facts.Where(f => f.IsFailedChange && Within(FailedAt(f))).ToList();

        return new DoraFigures(
            from,
            to,
            Frequency(facts.Count, healthy.Count, (to - from).TotalDays),
            Key(Median(leadTimes), leadTimes.Count, DoraBands.LeadTime),
            Key(changes.Count == 0 ? null : (double)changes.Count(f => f.IsFailedChange) / changes.Count, changes.Count, DoraBands.ChangeFailureRate),
            Key(Median([.. failures.Select(f => RestoreSeconds(f, facts, to))]), failures.Count, DoraBands.TimeToRestore),
            Days(from, to, healthy, failures));
    }

    /// <summary>
    /// Healthy changes per day. With no record at all there is nothing to tell; with records and no healthy change in the
    /// period the frequency is 0, which is a band too (low).
    /// </summary>
    private static DoraKey Frequency(int records, int healthy, double days) =>
        records == 0 ? DoraKey.None : Key(healthy / days, healthy, DoraBands.DeploymentFrequency);

    private static DoraKey Key(double? value, int count, Func<double, string> band) =>
        value is { } v ? new DoraKey(v, count, band(v)) : DoraKey.None with { Count = count };

    /// <summary>Commit to healthy; a commit dated after its deployment (a skewed clock) counts as no wait at all.</summary>
    private static double LeadSeconds(DeploymentFact fact) => Math.Max(0, (fact.HealthyAt!.Value - fact.CommitAt!.Value).TotalSeconds);

    /// <summary>When it failed; a rolled-back deployment without a failure time failed when it was deployed.</summary>
    private static DateTimeOffset? FailedAt(DeploymentFact fact) => fact.FailedAt ?? fact.DeployedAt;

    /// <summary>
    /// From the failure to the first later healthy deployment of the same environment (a rollback or a fix); a failure
    /// not yet restored by the period's end counts as open that long, so a long outage raises the median rather than vanishing.
    /// </summary>
    private static double RestoreSeconds(DeploymentFact failure, IReadOnlyList<DeploymentFact> facts, DateTimeOffset to)
    {
        var failedAt = FailedAt(failure)!.Value;
        var restoredAt = facts
            .Where(f => f.Id != failure.Id && f.Environment == failure.Environment && f.HealthyAt is { } h && h > failedAt && h <= to)
            .Select(f => f.HealthyAt!.Value)
            .DefaultIfEmpty(to)
            .Min();
        return (restoredAt - failedAt).TotalSeconds;
    }

    private static List<DoraDay> Days(DateTimeOffset from, DateTimeOffset to, List<DeploymentFact> healthy, List<DeploymentFact> failures)
    {
        var days = new List<DoraDay>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime); day = day.AddDays(1))
        {
            var deployed = healthy.Where(f => DateOnly.FromDateTime(f.HealthyAt!.Value.UtcDateTime) == day).ToList();
            var failed = failures.Count(f => DateOnly.FromDateTime(FailedAt(f)!.Value.UtcDateTime) == day);
            days.Add(new DoraDay(day, deployed.Count, failed, Median([.. deployed.Where(f => f.CommitAt is not null).Select(LeadSeconds)])));
        }

        return days;
    }

    /// <summary>The middle value; with an even count, the mean of the two middle ones; null for none.</summary>
    internal static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
