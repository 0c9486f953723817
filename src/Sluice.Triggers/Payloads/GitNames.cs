namespace Sluice.Triggers.Payloads;

/// <summary>
/// Commits and refs as a payload gives them, checked before they reach git: a commit is 40 (SHA-1) or 64 (SHA-256) hex
/// digits, and a ref or branch has nothing git could read as an option or a second argument.
/// </summary>
internal static class GitNames
{
    private const int MaxRefLength = 1024;

    public static bool IsNoCommit(string sha) => sha.All(c => c == '0');

    public static string Sha(PayloadObject payload, string field) => Sha(payload, field, payload.RequiredString(field));

    public static string? OptionalSha(PayloadObject payload, string field) =>
        payload.OptionalString(field) is { } text ? Sha(payload, field, text) : null;

    /// <summary>A full ref (<c>refs/heads/main</c>).</summary>
    public static string Ref(PayloadObject payload, string field)
    {
        var reference = Name(payload, field);
        return reference.StartsWith("refs/", StringComparison.Ordinal)
            ? reference
            : throw payload.Invalid(field, $"is '{Shorten(reference)}', expected a full ref such as 'refs/heads/main'.");
    }

    /// <summary>A branch name (<c>main</c>, <c>feature/x</c>).</summary>
    public static string Branch(PayloadObject payload, string field) => Name(payload, field);

    private static string Sha(PayloadObject payload, string field, string text) =>
        text.Length is 40 or 64 && text.All(char.IsAsciiHexDigit)
            ? text.ToLowerInvariant()
            : throw payload.Invalid(field, $"is '{Shorten(text)}', expected a commit id of 40 or 64 hex digits.");

    private static string Name(PayloadObject payload, string field)
    {
        var name = payload.RequiredString(field);
        if (name.Length == 0 || name.Length > MaxRefLength || name[0] == '-' || name.Contains("..", StringComparison.Ordinal)
            || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
        {
            throw payload.Invalid(field, $"is '{Shorten(name)}', which is not a name git allows for a ref.");
        }

        return name;
    }

    /// <summary>Enough of a bad value to recognise it, without echoing megabytes or control characters into a log.</summary>
    private static string Shorten(string text)
    {
        var printable = new string([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 80 ? printable + "..." : printable;
    }
}
