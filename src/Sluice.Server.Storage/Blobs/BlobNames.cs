namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// The names a blob may have: segments joined by <c>/</c>, none empty, <c>.</c> or <c>..</c>, none with a backslash, a
/// control character or a NUL, at most <see cref="MaxLength"/> characters. A name that breaks these is a bug or an
/// attack (it would leave the files provider's folder), so it is refused with an <see cref="ArgumentException"/>.
/// </summary>
public static class BlobNames
{
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="name"/> cannot be a blob's name, or null when it can.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength)
        {
            return $"a blob name has 1 to {MaxLength} characters";
        }

        if (name.Any(c => char.IsControl(c) || c == '\\'))
        {
            return "a blob name cannot hold a backslash or a control character";
        }

        return name.Split('/').Any(segment => segment is "" or "." or "..")
            ? "a blob name is segments between '/', none of them empty, '.' or '..'"
            : null;
    }

    /// <summary>Throws when <paramref name="name"/> cannot be a blob's name.</summary>
    public static void Check(string name)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException($"{problem}: '{Printable(name)}'", nameof(name));
        }
    }

    /// <summary>Throws when <paramref name="prefix"/> is not a name followed by <c>/</c>.</summary>
    public static void CheckPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.EndsWith('/') || Problem(prefix[..^1]) is not null)
        {
            throw new ArgumentException($"a blob prefix is a valid name followed by '/': '{Printable(prefix)}'", nameof(prefix));
        }
    }

    private static string Printable(string name) => new([.. name.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}
