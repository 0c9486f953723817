namespace Sluice.Security.Paths;

/// <summary>
/// A path with every symbolic link that exists on disk followed, as the kernel would follow it (a <c>..</c> after a
/// link goes up from where the link points, not from the link), like <c>realpath -m</c>: the parts that do not exist
/// are kept as they are written.
/// </summary>
internal static class CanonicalPath
{
    /// <summary>The most links followed in one path before giving up, as Linux does (ELOOP).</summary>
    public const int MaxLinks = 40;

    /// <summary>The canonical form of <paramref name="fullPath"/>, or null when its links loop.</summary>
    public static string? Of(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var pending = new Stack<string>();
        PushParts(pending, fullPath[root.Length..]);
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            var target = LinkTargetOf(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            PushParts(pending, Path.IsPathRooted(target) ? target[Path.GetPathRoot(target)!.Length..] : target);
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
            }
        }

        return current;
    }

    private static string? LinkTargetOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: not a link this walk can follow, and nothing can be written there either.
            return null;
        }
    }

    private static void PushParts(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
