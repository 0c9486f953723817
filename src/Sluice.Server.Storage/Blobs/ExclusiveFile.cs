namespace Sluice.Server.Storage.Blobs;

/// <summary>
/// A lock that holds across processes as well as within one: a file opened with <see cref="FileShare.None"/> (an
/// advisory <c>flock</c> on Linux), tried again every few milliseconds while another holder has it. Two servers or two
/// replicas that share a folder by mistake then still take turns.
/// </summary>
public sealed class ExclusiveFile : IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    private ExclusiveFile(FileStream stream) => Stream = stream;

    /// <summary>The locked file, to read and write while the lock is held.</summary>
    public FileStream Stream { get; }

    public static async Task<ExclusiveFile> AcquireAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new ExclusiveFile(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another process (or another holder in this one): wait for its turn to end.
                await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => Stream.Dispose();
}
