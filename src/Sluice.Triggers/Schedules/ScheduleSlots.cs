namespace Sluice.Triggers.Schedules;

/// <summary>
/// Which <c>on.schedule</c> slots are due, for a server that wakes up now and then (at the next slot, after a restart,
/// after a pause). It keeps no state: the caller passes the last slot it recorded as fired and the time now.
/// </summary>
public static class ScheduleSlots
{
    /// <summary>
    /// The slots due in the window (<paramref name="lastFiredSlotExclusive"/>, <paramref name="now"/>], at most one per
    /// entry, ordered by time and then by cron text. An entry that passed several slots in the window (the server was
    /// down, or late) fires only its most recent one: GitHub does not catch up missed schedules either, and a day of
    /// downtime should not start 288 runs of a five-minute schedule. Identical entries fire once.
    /// </summary>
    /// <param name="schedules">The workflow's entries.</param>
    /// <param name="lastFiredSlotExclusive">
    /// Where the previous look ended: the <paramref name="now"/> of the server's previous call for this workflow (stored),
    /// or the latest slot it recorded as fired. For a workflow never looked at, the time its schedule was first seen, so
    /// nothing from before it was added fires.
    /// </param>
    /// <param name="now">The time now.</param>
    public static IReadOnlyList<ScheduleSlot> Due(IEnumerable<CronSchedule> schedules, DateTimeOffset lastFiredSlotExclusive, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var due = new List<ScheduleSlot>();
        foreach (var schedule in schedules.DistinctBy(s => s.Text, StringComparer.Ordinal))
        {
            if (schedule.LatestIn(lastFiredSlotExclusive, now) is { } slot)
            {
                due.Add(new ScheduleSlot(schedule.Text, slot));
            }
        }

        return [.. due.OrderBy(s => s.SlotUtc).ThenBy(s => s.Cron, StringComparer.Ordinal)];
    }

    /// <inheritdoc cref="Due(IEnumerable{CronSchedule}, DateTimeOffset, DateTimeOffset)"/>
    public static IReadOnlyList<ScheduleSlot> Due(IEnumerable<CronSchedule> schedules, DateTimeOffset lastFiredSlotExclusive, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Due(schedules, lastFiredSlotExclusive, time.GetUtcNow());
    }

    /// <summary>The earliest slot of any entry strictly after <paramref name="after"/>: when the server should wake next. Null when none ever fires.</summary>
    public static DateTimeOffset? NextSlot(IEnumerable<CronSchedule> schedules, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        return schedules.Select(s => s.NextAfter(after)).Where(next => next is not null).Min();
    }
}
