namespace Sluice.Server.Storage.Relational;

/// <summary>A run as the figures count it: the day it was created, and how and when it ended.</summary>
internal sealed record RunFact(DateTimeOffset Created, DateTimeOffset? Finished, string Status, string? Conclusion);

/// <summary>A job that an agent started: when it was queued and when it first started.</summary>
internal sealed record JobWait(DateTimeOffset Queued, DateTimeOffset Started);

/// <summary>A quality run: when it was recorded, and whether a test of it was flaky.</summary>
internal sealed record QualityFact(DateTimeOffset Recorded, bool Flaky);

/// <summary>Per UTC day of a period, every day present: the counts, rates and percentiles of what happened that day.</summary>
internal static class InsightsDays
{
    public static List<DayInsights> Of(InsightsQuery query, IEnumerable<RunFact> runs, IEnumerable<JobWait> jobs, IEnumerable<QualityFact> quality)
    {
        var runsByDay = runs.ToLookup(r => DayOf(r.Created));
        var waitsByDay = jobs.ToLookup(j => DayOf(j.Queued), j => Seconds(j.Started - j.Queued));
        var qualityByDay = quality.ToLookup(q => DayOf(q.Recorded));
        var days = new List<DayInsights>();
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            var dayRuns = runsByDay[day].ToList();
            var completed = dayRuns.Where(r => r.Status == RunStatuses.Completed).ToList();
            var succeeded = completed.Count(r => r.Conclusion == "success");
            var durations = completed.Where(r => r.Finished is not null).Select(r => Seconds(r.Finished!.Value - r.Created)).Order().ToList();
            var waits = waitsByDay[day].Order().ToList();
            var dayQuality = qualityByDay[day].ToList();
            var flaky = dayQuality.Count(q => q.Flaky);
            days.Add(new DayInsights(
                day,
                dayRuns.Count,
                succeeded,
                completed.Count(r => r.Conclusion == "failure"),
                completed.Count(r => r.Conclusion == "cancelled"),
                Rate(succeeded, completed.Count),
                NearestRank.Of(durations, 50),
                NearestRank.Of(durations, 95),
                NearestRank.Of(waits, 50),
                NearestRank.Of(waits, 95),
                dayQuality.Count,
                flaky,
                Rate(flaky, dayQuality.Count)));
        }

        return days;
    }

    public static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>The first instant of <paramref name="day"/>, UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    // Replicas' clocks may differ a little; a span is never taken as negative.
    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalMilliseconds) / 1000.0;
}
