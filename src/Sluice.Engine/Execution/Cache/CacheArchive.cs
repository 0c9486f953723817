using System.Formats.Tar;
using System.IO.Compression;

namespace Sluice.Engine.Execution.Cache;

/// <summary>
/// A cache entry's files as a tar.gz. Names are kept relative to where the files belong, so a restore in another
/// job or run puts them back in that job's own workspace and home: <c>workspace/…</c>, <c>home/…</c>, or
/// <c>root/…</c> for any other absolute path.
/// </summary>
internal sealed class CacheArchive(string workspace, string home)
{
    private const string WorkspacePrefix = "workspace/";
    private const string HomePrefix = "home/";
    private const string RootPrefix = "root/";

    public async Task WriteAsync(Stream output, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var file in files)
        {
            // Linked files are stored by content, so a restore never writes through a link.
            await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, EntryName(file))
            {
                DataStream = content,
                ModificationTime = File.GetLastWriteTimeUtc(file),
            };
            if (!OperatingSystem.IsWindows())
            {
                entry.Mode = File.GetUnixFileMode(file);
            }

            await tar.WriteEntryAsync(entry, cancellationToken);
        }
    }

    /// <summary>Extracts every file to where it belongs; returns how many. Names that climb out of their base are refused.</summary>
    public async Task<int> ExtractAsync(Stream input, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new TarReader(gzip, leaveOpen: true);
        var count = 0;
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            var destination = DestinationOf(entry.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await entry.ExtractToFileAsync(destination, overwrite: true, cancellationToken);
            count++;
        }

        return count;
    }

    private string EntryName(string file)
    {
        if (Below(workspace, file) is { } inWorkspace)
        {
            return WorkspacePrefix + inWorkspace;
        }

        return Below(home, file) is { } inHome ? HomePrefix + inHome : RootPrefix + Path.GetFullPath(file).Replace('\\', '/').TrimStart('/');
    }

    private string DestinationOf(string name)
    {
        var (baseDirectory, relative) =
            name.StartsWith(WorkspacePrefix, StringComparison.Ordinal) ? (workspace, name[WorkspacePrefix.Length..])
            : name.StartsWith(HomePrefix, StringComparison.Ordinal) ? (home, name[HomePrefix.Length..])
            : name.StartsWith(RootPrefix, StringComparison.Ordinal) ? ("/", name[RootPrefix.Length..])
            : throw new InvalidDataException($"The cache archive holds '{name}', which is not a path Sluice wrote.");
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.Split('/', '\\').Any(s => s is ".." or ""))
        {
            throw new InvalidDataException($"The cache archive holds '{name}', which would be written outside its folder; the entry is refused.");
        }

        return Path.Combine(baseDirectory, relative);
    }

    private static string? Below(string directory, string file)
    {
        var relative = Path.GetRelativePath(directory, file);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Replace('\\', '/');
    }
}
