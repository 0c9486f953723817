using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sluice.Security.Paths;

/// <summary>
/// Relative paths sent by agents and clients (files of an artifact, a cache, a log): checked by their text first, so
/// that no amount of normalising can make them climb out, and then on disk, where a symbolic link could.
/// </summary>
public static class SafePath
{
    /// <summary>The longest path, in UTF-8 bytes.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>The longest name of one file or folder, in UTF-8 bytes (Linux's limit).</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>
    /// Why <paramref name="path"/> is not a safe relative path, or null when it is: empty, too long, with control
    /// characters or broken Unicode, with backslashes, absolute, starting with a drive letter, or with an empty,
    /// <c>.</c> or <c>..</c> segment.
    /// </summary>
    public static string? RelativePathProblem(string path)
    {
        if (path.Length == 0)
        {
            return "The path is empty.";
        }

        var quoted = $"The path '{Printable.Of(path)}'";
        if (ControlCharacterProblem(path) is { } control)
        {
            return $"{quoted} is not valid: it {control}.";
        }

        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
        {
            return $"{quoted} is too long: {bytes} bytes, and the limit is {MaxPathBytes}.";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return $"{quoted} has a backslash: separate folders with '/'.";
        }

        if (path[0] == '/')
        {
            return $"{quoted} is absolute: give it relative to its folder.";
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            return $"{quoted} starts with a drive letter: give it relative to its folder.";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return $"{quoted} is not valid: its parts may not be empty, '.' or '..' (no '//', no leading or trailing '/').";
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"{quoted} has a part longer than {MaxSegmentBytes} bytes.";
            }
        }

        return null;
    }

    /// <summary>
    /// The full path of <paramref name="relativePath"/> under <paramref name="root"/>, after checking its text and that,
    /// following every symbolic link that exists on disk now, it stays strictly inside the root.
    /// </summary>
    /// <exception cref="UnsafePathException">It does not; the message says why.</exception>
    public static string Resolve(string root, string relativePath) =>
        TryResolve(root, relativePath, out var full, out var problem) ? full : throw new UnsafePathException(problem);

    /// <summary>As <see cref="Resolve"/>, with the reason instead of an exception.</summary>
    public static bool TryResolve(string root, string relativePath, [NotNullWhen(true)] out string? fullPath, [NotNullWhen(false)] out string? problem)
    {
        fullPath = null;
        problem = RelativePathProblem(relativePath);
        if (problem is not null)
        {
            return false;
        }

        var fullRoot = Path.GetFullPath(root);
        var lexical = Path.Join(fullRoot, relativePath);
        var realRoot = CanonicalPath.Of(fullRoot);
        var realTarget = CanonicalPath.Of(lexical);

        // Said without the server's own folders: the message goes back to whoever sent the path.
        problem = realRoot is null || realTarget is null
            ? $"The path '{Printable.Of(relativePath)}' goes through more than {CanonicalPath.MaxLinks} symbolic links (a loop?)."
            : !IsStrictlyInside(realTarget, realRoot)
                ? $"The path '{Printable.Of(relativePath)}' leads outside its folder through a symbolic link."
                : null;
        fullPath = problem is null ? lexical : null;
        return problem is null;
    }

    /// <summary>How <paramref name="text"/> breaks the rule against control characters and broken Unicode, or null.</summary>
    internal static string? ControlCharacterProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4} at position {i + 1}";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"contains broken Unicode (a lone surrogate U+{(int)c:X4}) at position {i + 1}";
            }
        }

        return null;
    }

    private static bool IsStrictlyInside(string path, string root)
    {
        var withSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.Length > withSeparator.Length && path.StartsWith(withSeparator, StringComparison.Ordinal);
    }
}
