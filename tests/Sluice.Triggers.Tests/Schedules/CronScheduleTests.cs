using Sluice.Triggers.Schedules;

namespace Sluice.Triggers.Tests.Schedules;

public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static List<DateTimeOffset> Slots(string cron, DateTimeOffset from, int count)
    {
        var schedule = CronSchedule.Parse(cron);
        var slots = new List<DateTimeOffset>();
        var at = from;
        while (slots.Count < count && schedule.NextAfter(at) is { } next)
        {
            slots.Add(next);
            at = next;
        }

        return slots;
    }

    [Fact]
    public void Every_fifteen_minutes_fires_on_the_quarter_hours_in_utc()
    {
        Assert.Equal(
            [Utc(2025, 3, 1, 10, 15), Utc(2025, 3, 1, 10, 30), Utc(2025, 3, 1, 10, 45), Utc(2025, 3, 1, 11, 0)],
            Slots("*/15 * * * *", Utc(2025, 3, 1, 10, 7, 30), 4));
    }

    [Fact]
    public void The_next_slot_is_strictly_after_the_instant()
    {
        var schedule = CronSchedule.Parse("0 12 * * *");

        Assert.Equal(Utc(2025, 3, 2, 12), schedule.NextAfter(Utc(2025, 3, 1, 12)));
    }

    [Fact]
    public void An_offset_instant_is_read_in_utc()
    {
        var schedule = CronSchedule.Parse("0 12 * * *");
        var elevenUtcInParis = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(Utc(2025, 3, 1, 12), schedule.NextAfter(elevenUtcInParis));
    }

    [Fact]
    public void Both_day_fields_restricted_match_either_day_as_posix_cron_does()
    {
        // March 2025: the 1st is a Saturday; Mondays are the 3rd, 10th, 17th. The 15th matches by its day of month.
        Assert.Equal(
            [Utc(2025, 3, 1, 9), Utc(2025, 3, 3, 9), Utc(2025, 3, 10, 9), Utc(2025, 3, 15, 9), Utc(2025, 3, 17, 9)],
            Slots("0 9 1,15 * MON", Utc(2025, 2, 28), 5));
    }

    [Fact]
    public void A_day_of_month_alone_restricts_days_by_date_only()
    {
        Assert.Equal([Utc(2025, 3, 1, 9), Utc(2025, 3, 15, 9), Utc(2025, 4, 1, 9)], Slots("0 9 1,15 * *", Utc(2025, 2, 28), 3));
    }

    [Fact]
    public void A_day_of_week_alone_restricts_days_by_weekday_only()
    {
        Assert.Equal([Utc(2025, 3, 3, 9), Utc(2025, 3, 10, 9)], Slots("0 9 * * 1", Utc(2025, 2, 28), 2));
    }

    [Fact]
    public void A_stepped_day_field_starting_with_a_star_does_not_restrict_as_in_vixie_cron()
    {
        // '*/2' in the day of month starts with '*', so the days must match both fields: odd dates that are Mondays.
        Assert.Equal([Utc(2025, 3, 3, 9), Utc(2025, 3, 17, 9), Utc(2025, 3, 31, 9)], Slots("0 9 */2 * MON", Utc(2025, 2, 28), 3));
    }

    [Theory]
    [InlineData("0 9 * * SUN")]
    [InlineData("0 9 * * sun")]
    [InlineData("0 9 * * 0")]
    [InlineData("0 9 * * 7")]
    public void Sunday_is_0_7_or_its_name_in_any_case(string cron)
    {
        Assert.Equal(Utc(2025, 3, 2, 9), CronSchedule.Parse(cron).NextAfter(Utc(2025, 2, 28)));
    }

    [Fact]
    public void Month_and_weekday_names_and_ranges_of_them_are_read()
    {
        Assert.Equal(
            [Utc(2025, 6, 2, 8, 30), Utc(2025, 6, 3, 8, 30), Utc(2025, 6, 4, 8, 30), Utc(2025, 6, 5, 8, 30), Utc(2025, 6, 6, 8, 30), Utc(2025, 6, 9, 8, 30)],
            Slots("30 8 * jun-Aug MON-FRI", Utc(2025, 1, 1), 6));
    }

    [Fact]
    public void A_stepped_range_takes_every_nth_value_of_the_range()
    {
        Assert.Equal([Utc(2025, 3, 1, 1), Utc(2025, 3, 1, 3), Utc(2025, 3, 1, 5), Utc(2025, 3, 2, 1)], Slots("0 1-5/2 * * *", Utc(2025, 3, 1), 4));
    }

    [Fact]
    public void The_29th_of_february_fires_only_in_leap_years()
    {
        Assert.Equal([Utc(2028, 2, 29), Utc(2032, 2, 29)], Slots("0 0 29 2 *", Utc(2025, 3, 1), 2));
    }

    [Theory]
    [InlineData("* * * *", "expected 5 fields")]
    [InlineData("0 0 * * * *", "expected 5 fields")]
    [InlineData("61 * * * *", "minute")]
    [InlineData("0 24 * * *", "hour")]
    [InlineData("0 0 0 * *", "day of month")]
    [InlineData("0 0 * 13 *", "month")]
    [InlineData("0 0 * * 8", "day of week")]
    [InlineData("0 0 L * *", "day of month")]
    [InlineData("0 0 ? * MON", "day of month")]
    [InlineData("@daily", "expected 5 fields")]
    [InlineData("", "expected 5 fields")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("5-1 * * * *", "backwards")]
    public void Anything_but_githubs_cron_is_refused_with_what_is_wrong(string cron, string expected)
    {
        Assert.False(CronSchedule.TryParse(cron, out var schedule, out var problem));
        Assert.Null(schedule);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains($"'{cron}'", problem, StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => CronSchedule.Parse(cron));
        Assert.Equal(problem, thrown.Message);
    }

    [Fact]
    public void A_date_that_never_comes_has_no_next_slot()
    {
        Assert.True(CronSchedule.TryParse("0 0 31 2 *", out var schedule, out var problem), problem);
        Assert.Null(schedule.NextAfter(Utc(2025, 1, 1)));
    }

    [Fact]
    public void The_entry_keeps_its_text_as_written()
    {
        Assert.Equal("30  5 * * mon", CronSchedule.Parse("30  5 * * mon").Text);
    }

    [Fact]
    public void The_latest_slot_in_a_window_is_found_without_walking_every_minute_of_years()
    {
        var schedule = CronSchedule.Parse("* * * 1 *");

        Assert.Equal(Utc(2025, 1, 31, 23, 59), schedule.LatestIn(Utc(2020, 1, 1), Utc(2025, 12, 15, 10, 3)));
    }

    [Fact]
    public void The_latest_slot_includes_the_end_of_the_window_and_excludes_its_start()
    {
        var schedule = CronSchedule.Parse("0 * * * *");

        Assert.Equal(Utc(2025, 3, 1, 11), schedule.LatestIn(Utc(2025, 3, 1, 10), Utc(2025, 3, 1, 11)));
        Assert.Null(schedule.LatestIn(Utc(2025, 3, 1, 11), Utc(2025, 3, 1, 11, 59, 59)));
    }

    [Fact]
    public void The_latest_slot_merges_both_day_fields()
    {
        var schedule = CronSchedule.Parse("0 9 1 * FRI");

        // 2025-03-01 is a Saturday (the 1st) and 2025-02-28 a Friday; the window ends on Sunday 2 March.
        Assert.Equal(Utc(2025, 3, 1, 9), schedule.LatestIn(Utc(2025, 2, 20), Utc(2025, 3, 2, 23)));
        Assert.Equal(Utc(2025, 2, 28, 9), schedule.LatestIn(Utc(2025, 2, 20), Utc(2025, 3, 1, 8, 59)));
    }
}
