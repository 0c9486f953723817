namespace Sluice.Workflows.Validation;

/// <summary>POSIX cron with five fields, as GitHub's <c>schedule</c> takes it (names for months and weekdays, ranges, lists, steps).</summary>
public static class CronSyntax
{
    private static readonly (string Name, int Min, int Max, string[]? Names)[] Fields =
    [
        ("minute", 0, 59, null),
        ("hour", 0, 23, null),
        ("day of month", 1, 31, null),
        ("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day of week", 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    /// <summary>Null when valid, else what is wrong.</summary>
    public static string? Check(string expression)
    {
        var parts = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            return $"expected 5 fields (minute hour day-of-month month day-of-week), found {parts.Length}.";
        }

        for (var i = 0; i < 5; i++)
        {
            var (name, min, max, names) = Fields[i];
            foreach (var item in parts[i].Split(','))
            {
                if (CheckItem(item, min, max, names) is { } problem)
                {
                    return $"the {name} field '{parts[i]}' {problem}";
                }
            }
        }

        return null;
    }

    private static string? CheckItem(string item, int min, int max, string[]? names)
    {
        var range = item;
        var slash = item.IndexOf('/');
        if (slash >= 0)
        {
            range = item[..slash];
            if (!int.TryParse(item.AsSpan(slash + 1), out var step) || step < 1)
            {
                return "has a step that is not a positive number.";
            }
        }

        if (range == "*")
        {
            return null;
        }

        var dash = range.IndexOf('-');
        var bounds = dash > 0 ? [range[..dash], range[(dash + 1)..]] : new[] { range };
        var values = new int[bounds.Length];
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!TryValue(bounds[i], names, out values[i]) || values[i] < min || values[i] > (names is not null && max == 6 ? 7 : max))
            {
                return $"has '{bounds[i]}', which is not between {min} and {max}.";
            }
        }

        return values.Length == 2 && values[0] > values[1] ? $"has the range '{range}', which runs backwards." : null;
    }

    private static bool TryValue(string text, string[]? names, out int value)
    {
        if (int.TryParse(text, out value))
        {
            return true;
        }

        var index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        value = index + (names?.Length == 12 ? 1 : 0);
        return index >= 0;
    }
}
