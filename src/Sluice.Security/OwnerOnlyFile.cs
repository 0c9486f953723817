using System.Runtime.InteropServices;
using System.Text;

namespace Sluice.Security;

/// <summary>
/// Files only their owner may read (the secrets key, the admin token), created whole or not at all: the content is
/// written to a file of its own beside the target with mode 0600 and then linked into place, so that servers starting
/// together on one data folder never see one half written, and exactly one of them creates it.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Creates <paramref name="path"/> with this content; false when it exists already (another process made it first).</summary>
    /// <exception cref="IOException">It could not be written (a folder missing, a disk full).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static bool TryCreate(string path, string content)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created with the mode, not chmod-ed after, so the content is never readable by others, even for an instant.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var draft = $"{path}.{Guid.NewGuid():N}.new";
        try
        {
            using (var stream = new FileStream(draft, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            return Link(draft, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(draft);
        }
    }

    /// <summary>
    /// Gives the draft the name, atomically, unless the name exists: link(2), which fails with EEXIST when another
    /// process linked first. (File.Move without overwrite checks the name, then renames: two processes can both see it
    /// free, and the second rename replaces the first file after its creator read it.) Where hard links are refused
    /// (a file system without them), the move is the fallback.
    /// </summary>
    private static bool Link(string draft, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without replacing fails when the name exists, atomically.
            File.Move(draft, path, overwrite: false);
            return true;
        }

        if (LinkFile(draft, path) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            return false;
        }

        File.Move(draft, path, overwrite: false);
        return true;
    }

    private const int EEXIST = 17;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkFile([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
