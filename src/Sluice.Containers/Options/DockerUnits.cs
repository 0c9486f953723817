using System.Globalization;

namespace Sluice.Containers;

/// <summary>The value syntaxes of docker's flags: Go durations, memory sizes, CPU counts.</summary>
public static class DockerUnits
{
    private static readonly (string Unit, decimal Ticks)[] DurationUnits =
    [
        ("ns", 0.01m), ("us", 10m), ("µs", 10m), ("μs", 10m), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>
    /// A Go duration as docker takes it: "10s", "1m30s", "500ms", "1.5h", "0". Each number needs a unit (ns, us,
    /// ms, s, m, h); there is no sign. Null when <paramref name="text"/> is not one.
    /// </summary>
    public static TimeSpan? ParseDuration(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        decimal ticks = 0;
        var i = 0;
        if (text.Length == 0)
        {
            return null;
        }

        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            var unit = DurationUnits
                .Where(u => string.CompareOrdinal(text, i, u.Unit, 0, u.Unit.Length) == 0)
                .OrderByDescending(u => u.Unit.Length)
                .Select(u => ((string Unit, decimal Ticks)?)u)
                .FirstOrDefault();
            if (unit is null)
            {
                return null;
            }

            i += unit.Value.Unit.Length;
            try
            {
                ticks += number * unit.Value.Ticks;
            }
            catch (OverflowException)
            {
                return null;
            }

            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return null;
            }
        }

        return TimeSpan.FromTicks((long)decimal.Round(ticks));
    }

    /// <summary>
    /// A memory size as docker's --memory takes it, in bytes: "536870912", "512m", "1g", "1.5GB", "64MiB" (binary
    /// multiples k, m, g, t, p). Null when it is not one, is zero, or is too large.
    /// </summary>
    public static long? ParseBytes(string text)
    {
        var value = text.Trim();
        var digits = 0;
        while (digits < value.Length && (char.IsAsciiDigit(value[digits]) || (value[digits] == '.' && digits > 0)))
        {
            digits++;
        }

        var suffix = value[digits..].TrimStart(' ');
        if (!System.Text.Ascii.IsValid(suffix))
        {
            return null;
        }

        suffix = suffix.ToLowerInvariant();
        var power = suffix.Length > 0 ? "kmgtp".IndexOf(suffix[0], StringComparison.Ordinal) + 1 : 0;
        var unitless = power == 0 ? suffix : suffix[1..];
        if (digits == 0 || value[digits - 1] == '.' || unitless is not ("" or "b" or "ib") || (power == 0 && unitless == "ib")
            || !decimal.TryParse(value.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        try
        {
            var bytes = decimal.Round(amount * (decimal)Math.Pow(1024, power));
            return bytes is > 0 and <= long.MaxValue ? (long)bytes : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>A CPU count ("1", "0.5", "2.25") as billionths of a CPU; null when it is not a positive number up to 10 000.</summary>
    public static long? ParseNanoCpus(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) && cpus > 0 && cpus <= 10_000
            && decimal.Round(cpus * 1_000_000_000m) is var nano and > 0
            ? (long)nano
            : null;
}
