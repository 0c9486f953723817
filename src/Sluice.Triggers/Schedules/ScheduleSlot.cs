namespace Sluice.Triggers.Schedules;

/// <summary>
/// One firing of one <c>on.schedule</c> entry: the server records (workflow, <see cref="Cron"/>, <see cref="SlotUtc"/>)
/// under a unique key before it starts the run, so a slot fires exactly once even when the server restarts.
/// </summary>
/// <param name="Cron">The entry's text as written in the workflow.</param>
/// <param name="SlotUtc">The minute the entry names, in UTC (seconds are zero), not the moment it was noticed.</param>
public readonly record struct ScheduleSlot(string Cron, DateTimeOffset SlotUtc);
