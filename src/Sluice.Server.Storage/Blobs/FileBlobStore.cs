using System.Globalization;
using System.Security.Cryptography;

namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// Blobs as files under a folder (the server's data folder with SQLite): the blob <c>caches/x</c> is the file
/// <c>FOLDER/caches/x</c>. A write goes to <c>FOLDER/.incoming/</c> first and is renamed into place when whole, so a
/// reader sees the old file or the new one; an open file outlives its replacement or deletion on Linux.
/// </summary>
public sealed class FileBlobStore(string folder, TimeProvider time) : IBlobStore
{
    private const string Incoming = ".incoming";
    private const string Sequence = ".sequence";

    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<WrittenBlob> WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = PathOf(name);
        var incoming = Path.Combine(Folder, Incoming, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(incoming)!);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                size = file.Length;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(incoming, target, overwrite: true);
            return new WrittenBlob(name, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(incoming);
            throw;
        }
    }

    public Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<IReadOnlyList<BlobInfo>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var (folder, start) = Where(prefix);
        IReadOnlyList<BlobInfo> blobs = !Directory.Exists(folder)
            ? []
            : [.. new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
                .Select(file => (File: file, Name: Path.GetRelativePath(Folder, file.FullName).Replace('\\', '/')))
                .Where(blob => blob.Name.StartsWith(start, StringComparison.Ordinal))
                .Select(blob => new BlobInfo(blob.Name, blob.File.Length, new DateTimeOffset(blob.File.LastWriteTimeUtc, TimeSpan.Zero)))
                .OrderBy(blob => blob.Name, StringComparer.Ordinal)];
        return Task.FromResult(blobs);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public async Task<int> DeleteUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        var blobs = await ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        foreach (var blob in blobs)
        {
            File.Delete(PathOf(blob.Name));
        }

        RemoveEmptyFolder(Where(prefix).Folder);
        return blobs.Count;
    }

    public async Task<long> NextNumberAsync(CancellationToken cancellationToken)
    {
        using var locked = await ExclusiveFile.AcquireAsync(Path.Combine(Folder, Incoming, Sequence), time, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(locked.Stream, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var next = (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0) + 1;
        locked.Stream.SetLength(0);
        await using var writer = new StreamWriter(locked.Stream, leaveOpen: true);
        await writer.WriteAsync(next.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return next;
    }

    public Task<int> RemoveAbandonedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        var incoming = new DirectoryInfo(Path.Combine(Folder, Incoming));
        var removed = 0;
        if (incoming.Exists)
        {
            foreach (var file in incoming.EnumerateFiles().Where(f => f.Name != Sequence && f.LastWriteTimeUtc < startedBefore.UtcDateTime))
            {
                file.Delete();
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The file of a blob; the name is checked, and one that would land outside the folder (or in its own files) is refused.</summary>
    private string PathOf(string name)
    {
        BlobNames.Check(name);
        var path = Path.GetFullPath(Path.Combine(Folder, name));
        if (!path.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || name.Split('/')[0] == Incoming)
        {
            throw new ArgumentException($"the blob name '{name}' does not name a file inside the blob folder", nameof(name));
        }

        return path;
    }

    private static void RemoveEmptyFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any())
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A write began in it meanwhile: the folder is in use again.
        }
    }

    /// <summary>The folder a prefix's blobs are under, and the start their names have.</summary>
    private (string Folder, string Start) Where(string prefix)
    {
        BlobNames.CheckPrefix(prefix);
        return (Path.GetDirectoryName(PathOf(prefix + "x"))!, prefix);
    }
}
