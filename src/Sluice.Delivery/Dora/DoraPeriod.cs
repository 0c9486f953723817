using System.Globalization;

namespace Sluice.Delivery.Dora;

/// <summary>The period DORA figures cover: the last N days (<c>30d</c>, 1 to 365) up to now, by the given clock.</summary>
public static class DoraPeriod
{
    public const int MaxDays = 365;

    public const int DefaultDays = 30;

    /// <summary>Reads <c>Nd</c> with N from 1 to <see cref="MaxDays"/>; null when it is anything else.</summary>
    public static int? ParseDays(string? since)
    {
        if (since is not { Length: >= 2 } || since[^1] != 'd'
            || !int.TryParse(since.AsSpan(0, since.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return null;
        }

        return days is >= 1 and <= MaxDays ? days : null;
    }

    /// <summary>From <paramref name="days"/> days ago to now.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Last(int days, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var to = time.GetUtcNow();
        return (to.AddDays(-days), to);
    }
}
