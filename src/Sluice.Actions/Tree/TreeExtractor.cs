using System.Formats.Tar;

namespace Sluice.Actions.Tree;

/// <summary>
/// Writes the tar stream of <c>git archive</c> into a folder, as GitHub's runner unpacks the archive it downloads
/// (so <c>export-ignore</c> and <c>export-subst</c> apply alike), with three guards of its own: every path must
/// stay inside the folder, files get plain 0644/0755 modes, and symbolic links are created last and only when
/// they stay inside the folder (<see cref="LinkCheck"/>). What is left out is said, never silently dropped.
/// </summary>
internal static class TreeExtractor
{
    private const UnixFileMode PlainFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecutableFile = PlainFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task<ExtractedTree> ExtractAsync(Stream tar, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var leftOut = new List<string>();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        long bytes = 0;
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            var path = Clean(entry.Name, out var why);
            if (path is null)
            {
                leftOut.Add($"'{Printable.Of(entry.Name)}' ({why})");
                continue;
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!TryMakeFolder(destination, path))
                    {
                        leftOut.Add($"'{path}' (a folder whose name is taken by a file)");
                    }

                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    var written = await TryWriteFileAsync(destination, path, entry, cancellationToken);
                    if (written is null)
                    {
                        leftOut.Add($"'{path}' (it appears twice, or under a file of the same name)");
                    }

                    bytes += written ?? 0;
                    break;
                case TarEntryType.SymbolicLink:
                    links[path] = entry.LinkName;
                    break;
                default:
                    leftOut.Add($"'{path}' (a {entry.EntryType} entry, which a repository does not hold)");
                    break;
            }
        }

        bytes += MakeLinks(destination, links, leftOut);
        return new ExtractedTree(bytes, leftOut);
    }

    /// <summary>Creates the links that stay inside the folder, after every file, so no file is written through one.</summary>
    private static long MakeLinks(string destination, Dictionary<string, string> links, List<string> leftOut)
    {
        foreach (var nested in links.Keys.Where(path => Prefixes(path).Any(links.ContainsKey)).ToList())
        {
            leftOut.Add($"the link '{nested}' (it lies under another link)");
            links.Remove(nested);
        }

        var inside = LinkCheck.Inside(links);
        long bytes = 0;
        foreach (var (path, target) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var full = Full(destination, path);
            if (!inside.Contains(path))
            {
                leftOut.Add($"the link '{path}' -> '{Printable.Of(target)}' (it points outside the repository)");
            }
            else if (!TryMakeFolder(destination, Parent(path)) || File.Exists(full) || Directory.Exists(full))
            {
                leftOut.Add($"the link '{path}' (its name is taken by another entry)");
            }
            else
            {
                File.CreateSymbolicLink(full, target);
                bytes += target.Length;
            }
        }

        return bytes;
    }

    private static async Task<long?> TryWriteFileAsync(string destination, string path, TarEntry entry, CancellationToken cancellationToken)
    {
        var full = Full(destination, path);
        if (!TryMakeFolder(destination, Parent(path)) || File.Exists(full) || Directory.Exists(full))
        {
            return null;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = entry.Mode.HasFlag(UnixFileMode.UserExecute) ? ExecutableFile : PlainFile;
        }

        await using var file = new FileStream(full, options);
        if (entry.DataStream is { } data)
        {
            await data.CopyToAsync(file, cancellationToken);
        }

        return file.Length;
    }

    /// <summary>Creates the folder and its parents; false when a file already holds one of their names.</summary>
    private static bool TryMakeFolder(string destination, string path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        var at = destination;
        foreach (var segment in path.Split('/'))
        {
            at = Path.Combine(at, segment);
            if (File.Exists(at) || (Directory.Exists(at) && new DirectoryInfo(at).LinkTarget is not null))
            {
                return false;
            }
        }

        Directory.CreateDirectory(Full(destination, path));
        return true;
    }

    /// <summary>The entry's path, '/'-separated and relative, or null (with why) when it could name anything outside the folder.</summary>
    internal static string? Clean(string name, out string why)
    {
        why = "";
        var trimmed = name.TrimEnd('/');
        if (trimmed.Length == 0 || trimmed[0] == '/' || Path.IsPathRooted(trimmed))
        {
            why = "an empty or absolute path";
            return null;
        }

        var segments = trimmed.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "" or "." or ".." || segment.Contains('\0', StringComparison.Ordinal)
                || (OperatingSystem.IsWindows() && segment.IndexOfAny(['\\', ':']) >= 0))
            {
                why = "a path that could lead outside the repository";
                return null;
            }

            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                why = "a .git folder, which git itself never checks out";
                return null;
            }
        }

        return trimmed;
    }

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "";

    private static string Full(string destination, string path) => Path.Combine([destination, .. path.Split('/')]);
}
