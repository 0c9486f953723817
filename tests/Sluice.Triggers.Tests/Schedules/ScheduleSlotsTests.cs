using Microsoft.Extensions.Time.Testing;
using Sluice.Triggers.Schedules;

namespace Sluice.Triggers.Tests.Schedules;

public sealed class ScheduleSlotsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    private static CronSchedule[] Entries(params string[] crons) => [.. crons.Select(CronSchedule.Parse)];

    [Fact]
    public void Nothing_is_due_before_the_first_slot()
    {
        var time = new FakeTimeProvider(Start);
        time.Advance(TimeSpan.FromMinutes(4));

        Assert.Empty(ScheduleSlots.Due(Entries("*/5 * * * *"), Start, time));
    }

    [Fact]
    public void A_slot_is_due_once_the_clock_reaches_it_and_not_again_after_it_is_recorded()
    {
        var time = new FakeTimeProvider(Start);
        var entries = Entries("*/5 * * * *");
        time.Advance(TimeSpan.FromMinutes(5));

        var due = ScheduleSlots.Due(entries, Start, time);

        Assert.Equal([new ScheduleSlot("*/5 * * * *", Start.AddMinutes(5))], due);
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(ScheduleSlots.Due(entries, due[0].SlotUtc, time));
    }

    [Fact]
    public void After_a_long_downtime_only_the_most_recent_missed_slot_of_each_entry_fires()
    {
        var time = new FakeTimeProvider(Start);
        time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(7));

        var due = ScheduleSlots.Due(Entries("*/5 * * * *", "0 6 * * *", "0 0 1 * *"), Start, time);

        Assert.Equal(
            [
                new ScheduleSlot("0 6 * * *", new DateTimeOffset(2025, 3, 6, 6, 0, 0, TimeSpan.Zero)),
                new ScheduleSlot("*/5 * * * *", new DateTimeOffset(2025, 3, 6, 8, 5, 0, TimeSpan.Zero)),
            ],
            due);
    }

    [Fact]
    public void Due_slots_come_in_time_order_then_by_cron_text()
    {
        var now = Start.AddMinutes(30);

        var due = ScheduleSlots.Due(Entries("30 8 * * *", "*/10 * * * *", "0,30 * * * *"), Start, now);

        Assert.Equal(["*/10 * * * *", "0,30 * * * *", "30 8 * * *"], due.Select(s => s.Cron));
        Assert.All(due, slot => Assert.Equal(now, slot.SlotUtc));
    }

    [Fact]
    public void Identical_entries_fire_once()
    {
        Assert.Single(ScheduleSlots.Due(Entries("0 * * * *", "0 * * * *"), Start, Start.AddHours(1)));
    }

    [Fact]
    public void A_restart_that_passes_the_same_window_again_gets_the_same_slots_so_storage_can_refuse_the_second()
    {
        var entries = Entries("*/5 * * * *", "0 9 * * MON");
        var now = Start.AddHours(1).AddMinutes(2);

        Assert.Equal(ScheduleSlots.Due(entries, Start, now), ScheduleSlots.Due(Entries("*/5 * * * *", "0 9 * * MON"), Start, now));
    }

    [Fact]
    public void The_next_slot_is_the_earliest_of_any_entry()
    {
        Assert.Equal(Start.AddMinutes(30), ScheduleSlots.NextSlot(Entries("0 * * * *", "30 8 * * *"), Start));
        Assert.Null(ScheduleSlots.NextSlot(Entries("0 0 31 2 *"), Start));
        Assert.Null(ScheduleSlots.NextSlot([], Start));
    }

    [Fact]
    public void A_server_waking_at_each_next_slot_fires_every_slot_exactly_once()
    {
        var time = new FakeTimeProvider(Start);
        var entries = Entries("*/20 * * * *", "10 8 * * *");
        var fired = new List<ScheduleSlot>();
        var last = Start;
        while (ScheduleSlots.NextSlot(entries, last) is { } next && next <= Start.AddHours(1))
        {
            time.SetUtcNow(next.AddSeconds(3));
            fired.AddRange(ScheduleSlots.Due(entries, last, time));
            last = time.GetUtcNow();
        }

        Assert.Equal(
            ["08:10 10 8 * * *", "08:20 */20 * * * *", "08:40 */20 * * * *", "09:00 */20 * * * *"],
            fired.Select(s => $"{s.SlotUtc:HH:mm} {s.Cron}"));
    }

    [Fact]
    public void A_slot_starts_a_schedule_event_on_the_default_branch_naming_the_entry_that_fired()
    {
        var slot = new ScheduleSlot("30 5 * * 1-5", Start);

        var e = slot.ToTriggerEvent("main", "0D1A26E67D8F5EAF1F6BA5C57FC3C7D91AC0FD1C");

        Assert.Equal("schedule", e.Name);
        Assert.Equal("refs/heads/main", e.Ref);
        Assert.Equal("refs/heads/main", e.FilterRef);
        Assert.Equal("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", e.Sha);
        Assert.Null(e.Action);
        Assert.True(e.SecretsAllowed);
        Assert.Equal("""{"schedule":"30 5 * * 1-5"}""", e.PayloadJson);
    }
}
