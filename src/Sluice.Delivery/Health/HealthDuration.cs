using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Delivery.Health;

/// <summary>Durations as the environments file writes them: whole numbers with units, such as <c>15s</c>, <c>5m</c>, <c>1h</c> or <c>1m30s</c>.</summary>
public static partial class HealthDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Length == 0)
        {
            return false;
        }

        long seconds = 0;
        foreach (var (group, unit) in new[] { ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (match.Groups[group].Success)
            {
                if (!long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 1_000_000)
                {
                    return false;
                }

                seconds += value * unit;
            }
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The shortest spelling of a whole number of seconds: <c>90s</c> is <c>1m30s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var text = "";
        if (seconds >= 3600)
        {
            text += $"{seconds / 3600}h";
        }

        if (seconds % 3600 / 60 > 0)
        {
            text += $"{seconds % 3600 / 60}m";
        }

        if (seconds % 60 > 0)
        {
            text += $"{seconds % 60}s";
        }

        return text;
    }

    [GeneratedRegex(@"^(?:(?<h>[0-9]{1,7})h)?(?:(?<m>[0-9]{1,7})m)?(?:(?<s>[0-9]{1,7})s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
