namespace Sluice.Actions.Cache;

/// <summary>
/// Locks between processes on a lock file: shared while an entry is used, exclusive while it is written or
/// removed. .NET takes them with flock on Unix (and share modes on Windows); the operating system drops them when
/// a process ends, however it ends, so a crash never leaves an entry locked.
/// </summary>
internal static class EntryLock
{
    /// <summary>A shared lock, or null when a process holds the lock exclusively.</summary>
    public static FileStream? TryShared(string lockFile) =>
        TryOpen(lockFile, FileAccess.Read, FileShare.ReadWrite);

    /// <summary>The exclusive lock, or null when any process holds the lock.</summary>
    public static FileStream? TryExclusive(string lockFile) =>
        TryOpen(lockFile, FileAccess.ReadWrite, FileShare.None);

    private static FileStream? TryOpen(string lockFile, FileAccess access, FileShare share)
    {
        try
        {
            return new FileStream(lockFile, FileMode.OpenOrCreate, access, share, bufferSize: 0);
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            // A sharing violation: another holder. (Missing folders and the like are subclasses, and propagate.)
            return null;
        }
    }
}
