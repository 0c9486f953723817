using System.Diagnostics.CodeAnalysis;
using Cronos;
using Sluice.Workflows.Validation;

namespace Sluice.Triggers.Schedules;

/// <summary>
/// One <c>on.schedule</c> cron entry, read as GitHub reads it: five fields, in UTC, names for months and weekdays.
/// When both the day of the month and the day of the week are restricted, a day matches when EITHER matches (the POSIX
/// rule: <c>0 9 1 * MON</c> is the first of the month and every Monday); Cronos would require both, so such an entry is
/// held as two expressions, one per day field, whose occurrences are merged.
/// </summary>
public sealed class CronSchedule
{
    private const int DayOfMonth = 2;
    private const int DayOfWeek = 4;

    private readonly CronExpression[] expressions;

    private CronSchedule(string text, CronExpression[] expressions)
    {
        Text = text;
        this.expressions = expressions;
    }

    /// <summary>The entry exactly as written in the workflow: its identity for "fired" records and <c>github.event.schedule</c>.</summary>
    public string Text { get; }

    /// <summary>Reads a cron entry; null and a problem (what is wrong, for the user) when it is not GitHub's cron syntax.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        schedule = null;
        problem = CronSyntax.Check(text);
        if (problem is not null)
        {
            problem = $"Invalid cron expression '{text}': {problem}";
            return false;
        }

        // Cronos takes names in capitals only; the check above already accepted them in any case.
        var fields = text.ToUpperInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var bothDaysRestricted = !IsUnrestricted(fields[DayOfMonth]) && !IsUnrestricted(fields[DayOfWeek]);
        string[] variants = bothDaysRestricted
            ? [Join(fields, DayOfWeek, "*"), Join(fields, DayOfMonth, "*")]
            : [string.Join(' ', fields)];
        try
        {
            schedule = new CronSchedule(text, [.. variants.Select(v => CronExpression.Parse(v, CronFormat.Standard))]);
            return true;
        }
        catch (CronFormatException ex)
        {
            problem = $"Invalid cron expression '{text}': {ex.Message}";
            return false;
        }
    }

    /// <summary>Reads a cron entry, or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static CronSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var problem) ? schedule : throw new FormatException(problem);

    /// <summary>The first slot strictly after <paramref name="instant"/>, in UTC; null when the entry never fires again (such as 30 February).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        var from = instant.UtcDateTime;
        DateTime? earliest = null;
        foreach (var expression in expressions)
        {
            if (expression.GetNextOccurrence(from, inclusive: false) is { } next && (earliest is null || next < earliest))
            {
                earliest = next;
            }
        }

        return earliest is { } found ? new DateTimeOffset(found, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// The latest slot in (<paramref name="afterExclusive"/>, <paramref name="upToInclusive"/>], or null when there is none.
    /// Cronos only looks forward, so this halves the window: a slot exists in (x, end] exactly when the next slot after x
    /// is at or before end. That takes a few dozen look-ups even for a window of years.
    /// </summary>
    public DateTimeOffset? LatestIn(DateTimeOffset afterExclusive, DateTimeOffset upToInclusive)
    {
        if (NextAfter(afterExclusive) is not { } latest || latest > upToInclusive)
        {
            return null;
        }

        var end = upToInclusive;
        while (NextAfter(latest) is { } next && next <= end)
        {
            var middle = latest + ((end - latest) / 2);
            if (NextAfter(middle) is { } later && later <= end)
            {
                latest = later;
            }
            else
            {
                end = middle;
            }
        }

        return latest;
    }

    public override string ToString() => Text;

    /// <summary>Vixie cron's reading, which GitHub's users know from crontab: a day field starting with '*' (even '*/2') does not restrict.</summary>
    private static bool IsUnrestricted(string field) => field.StartsWith('*');

    private static string Join(string[] fields, int replaced, string value) =>
        string.Join(' ', fields.Select((field, i) => i == replaced ? value : field));
}
